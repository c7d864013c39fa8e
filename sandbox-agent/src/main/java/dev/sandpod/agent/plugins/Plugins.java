package dev.sandpod.agent.plugins;

import dev.sandpod.agent.ActionExecutor;
import dev.sandpod.agent.SandboxContext;
import dev.sandpod.agent.browser.BrowseExecutor;
import dev.sandpod.agent.jupyter.IPythonExecutor;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The plugins named by {@code --plugins}: {@code jupyter} ({@code run_ipython}) and
 * {@code browser} ({@code browse}, {@code browse_interactive}). Their kernel and browser start on
 * the first action that needs them, so an enabled plugin costs nothing until used. Names of
 * OpenHands plugins this agent does not provide ({@code agent_skills}, {@code vscode}) are logged
 * and ignored.
 */
public final class Plugins {

    private static final System.Logger LOG = System.getLogger(Plugins.class.getName());
    public static final String JUPYTER = "jupyter";
    public static final String BROWSER = "browser";

    private Plugins() {
    }

    /** The executors of the enabled plugins, each also {@link AutoCloseable}. */
    public static List<ActionExecutor> executors(List<String> names, UserProcesses users, SandboxContext sandbox) {
        Set<String> wanted = new LinkedHashSet<>(names);
        List<ActionExecutor> executors = new ArrayList<>();
        if (wanted.remove(JUPYTER)) {
            executors.add(new IPythonExecutor(users, sandbox));
        }
        if (wanted.remove(BROWSER)) {
            BrowseExecutor.Browser browser = new BrowseExecutor.Browser(users, sandbox);
            executors.add(new BrowseExecutor(browser, false));
            executors.add(new BrowseExecutor(browser, true));
        }
        if (!wanted.isEmpty()) {
            LOG.log(System.Logger.Level.WARNING, "plugins {0} are not provided by this agent and were ignored "
                    + "(provided: jupyter, browser)", wanted);
        }
        return executors;
    }
}
