package dev.sandpod.agent;

import dev.sandpod.api.agent.Action;
import dev.sandpod.api.agent.ActionTypes;
import dev.sandpod.api.agent.Observation;

import java.util.List;

/** Answers an action whose plugin is not enabled, naming the plugin and how to enable it. */
record MissingPluginExecutor(String type, String plugin) implements ActionExecutor {

    static List<ActionExecutor> all() {
        return List.of(
                new MissingPluginExecutor(ActionTypes.RUN_IPYTHON, "jupyter"),
                new MissingPluginExecutor(ActionTypes.BROWSE, "browser"),
                new MissingPluginExecutor(ActionTypes.BROWSE_INTERACTIVE, "browser"));
    }

    @Override
    public Observation execute(Action action) {
        return Observation.error("The " + type + " action needs the plugin '" + plugin
                + "', which is not enabled in this sandbox: start the agent with --plugins " + plugin
                + " (a session's spec.plugins), or use the run action (bash) instead.");
    }
}
