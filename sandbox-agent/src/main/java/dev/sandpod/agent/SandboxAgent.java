package dev.sandpod.agent;

import dev.sandpod.agent.files.EditExecutor;
import dev.sandpod.agent.files.FileTransferService;
import dev.sandpod.agent.files.ReadExecutor;
import dev.sandpod.agent.files.UserFileAccess;
import dev.sandpod.agent.files.WriteExecutor;
import dev.sandpod.agent.plugins.Plugins;
import dev.sandpod.agent.plugins.UserProcesses;
import dev.sandpod.agent.shell.BashExecutor;
import dev.sandpod.agent.shell.ShellContext;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.http.HttpService;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * A running sandbox agent: the HTTP server, the persistent shell, the executors and the enabled
 * plugins (docs/sandbox-agent.md). The server
 * listens first (so {@code /alive} can say "not initialized"), then the shell starts, then the
 * agent reports ready.
 */
public final class SandboxAgent implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(SandboxAgent.class.getName());

    private final WebServer server;
    private final BashExecutor bash;
    private final List<ActionExecutor> plugins;
    private final AgentState state;
    private final UserFileAccess files;

    private SandboxAgent(WebServer server, BashExecutor bash, List<ActionExecutor> plugins, AgentState state,
                         UserFileAccess files) {
        this.server = server;
        this.bash = bash;
        this.plugins = plugins;
        this.state = state;
        this.files = files;
    }

    /**
     * Starts the agent; {@code apiKey} may be null (no authentication: then it binds loopback
     * unless the options allow otherwise, see {@link ListenAddress}).
     */
    public static SandboxAgent start(AgentOptions options, String apiKey) throws IOException {
        ListenAddress listen;
        try {
            listen = ListenAddress.of(options, apiKey != null);
        } catch (AgentOptions.UsageException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
        if (listen.notice() != null) {
            LOG.log(System.Logger.Level.WARNING, listen.notice());
        }
        SandboxUserSetup.Prepared prepared = SandboxUserSetup.prepare(options);
        ShellContext context = new ShellContext(prepared.user(), options.workingDir());
        // file actions act with the user's rights: on threads that take the user's ids when the agent is root
        UserFileAccess files = UserFileAccess.forUser(prepared.user());
        AgentState state = new AgentState();
        List<HttpService> services = services(context, files);
        WebServer server = WebServer.builder()
                .host(listen.host())
                .port(options.port())
                .shutdownHook(false) // Main's hook stops the server after the shell
                .routing(routing -> Main.routing(routing, state, apiKey, options.workingDir(), services))
                .build()
                .start();
        if (!server.isRunning() || server.port() < 0) {
            // Helidon logs a bind failure and returns a stopped server; never report that as ready
            server.stop();
            files.close();
            throw new IOException("cannot listen on " + listen.host() + ":" + options.port()
                    + ": the port is in use or the address is not on this host; choose another with --port or --host");
        }
        BashExecutor bash;
        try {
            bash = new BashExecutor(prepared.launch().withOomScoreAdj(shellOomScoreAdj()), context,
                    options.noChangeTimeout(), options.maxWait());
        } catch (IOException | RuntimeException e) {
            server.stop();
            files.close();
            throw e;
        }
        List<ActionExecutor> plugins = Plugins.executors(options.plugins(),
                UserProcesses.likeShell(prepared.user(), prepared.launch().command(), prepared.launch().environment()), context);
        List<ActionExecutor> executors = new ArrayList<>(executors(context, files));
        executors.addFirst(bash);
        executors.addAll(plugins);
        state.dialect(options.dialect());
        state.shellStatus(bash::status);
        state.ready(new ActionDispatcher(executors));
        LOG.log(System.Logger.Level.INFO, "Sandpod agent ready on {0}:{1,number,#}, working dir {2}, user {3} (uid {4,number,#}), auth {5}",
                listen.host(), server.port(), options.workingDir(), prepared.user().name(), prepared.user().uid(),
                apiKey == null ? "off" : "on (X-Session-API-Key)");
        return new SandboxAgent(server, bash, plugins, state, files);
    }

    /** The executors besides bash: the file actions, resolved against the shell's cwd, with the user's rights. */
    private static List<ActionExecutor> executors(ShellContext context, UserFileAccess files) {
        return List.of(files.asUser(new ReadExecutor(context)), files.asUser(new WriteExecutor(context)),
                files.asUser(new EditExecutor(context)));
    }

    /** HTTP services besides the action and status ones: uploads, downloads, listings. */
    private static List<HttpService> services(ShellContext context, UserFileAccess files) {
        return List.of(new FileTransferService(context, files));
    }

    /**
     * The shell's {@code oom_score_adj}: the agent's own plus 500, at most 1000. When the sandbox runs
     * out of memory, the kernel then kills the user's processes before the agent, even a few medium
     * ones that are each smaller than the agent. (The agent cannot lower its own score without
     * CAP_SYS_RESOURCE, but may always raise its children's.)
     */
    static int shellOomScoreAdj() {
        try {
            int own = Integer.parseInt(java.nio.file.Files.readString(java.nio.file.Path.of("/proc/self/oom_score_adj")).strip());
            return Math.min(1000, own + 500);
        } catch (IOException | NumberFormatException e) {
            return 500;
        }
    }

    public int port() {
        return server.port();
    }

    public AgentState state() {
        return state;
    }

    /** Stops accepting requests, then kills the shell and whatever runs in it, and the plugins' kernel and browser. */
    @Override
    public void close() {
        server.stop();
        bash.close();
        for (ActionExecutor plugin : plugins) {
            if (plugin instanceof AutoCloseable closeable) {
                try {
                    closeable.close();
                } catch (Exception e) {
                    LOG.log(System.Logger.Level.WARNING, "closing the " + plugin.type() + " plugin failed", e);
                }
            }
        }
        files.close();
    }
}
