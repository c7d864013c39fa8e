package dev.sandpod.agent;

import dev.sandpod.api.agent.Action;
import dev.sandpod.api.agent.ActionTypes;
import dev.sandpod.api.agent.Observation;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Hands each action to the executor of its type. Types without an executor of their own get the
 * missing-plugin answer ({@code run_ipython} needs {@code jupyter}, the browser actions
 * {@code browser}); unknown types an error naming the supported ones.
 */
public final class ActionDispatcher {

    private static final System.Logger LOG = System.getLogger(ActionDispatcher.class.getName());

    private final Map<String, ActionExecutor> executors = new LinkedHashMap<>();

    public ActionDispatcher(List<? extends ActionExecutor> executors) {
        for (ActionExecutor executor : MissingPluginExecutor.all()) {
            this.executors.put(executor.type(), executor);
        }
        // executors passed in win over the missing-plugin placeholders
        for (ActionExecutor executor : executors) {
            this.executors.put(executor.type(), executor);
        }
    }

    public Observation execute(Action action) {
        return execute(action, ActionContext.DEFAULT);
    }

    public Observation execute(Action action, ActionContext context) {
        ActionExecutor executor = executors.get(action.action());
        if (executor == null) {
            return Observation.error("Unknown action type: " + action.action() + ". Supported action types: "
                    + String.join(", ", ActionTypes.ALL) + ".");
        }
        try {
            return executor.execute(action, context);
        } catch (RuntimeException e) {
            // an executor's bug must still answer with an observation, not a 500
            LOG.log(System.Logger.Level.ERROR, "executor for " + action.action() + " failed", e);
            return Observation.error("ERROR: the " + action.action() + " action failed inside the agent: " + e);
        }
    }
}
