package dev.sandpod.agent;

import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.HttpService;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** {@code sandpod-agent}: the sandbox agent's entry point. */
public final class Main {

    private Main() {
    }

    /** Held so the level set on it is not lost to garbage collection. */
    private static final java.util.logging.Logger HELIDON_LOG = java.util.logging.Logger.getLogger("io.helidon");

    public static void main(String[] args) {
        CarrierThreads.reserveOne();
        quietLogging();
        AgentOptions options;
        try {
            options = AgentOptions.parse(args).withEnvironment(System.getenv());
        } catch (AgentOptions.UsageException e) {
            (e.exitCode() == 0 ? System.out : System.err).println(e.getMessage());
            System.exit(e.exitCode());
            return;
        }
        String apiKey = System.getenv("SESSION_API_KEY");
        if (apiKey != null && apiKey.isBlank()) {
            apiKey = null;
        }
        try {
            ListenAddress.of(options, apiKey != null); // a refusal is a command-line problem: exit 2, before any work
        } catch (AgentOptions.UsageException e) {
            System.err.println(e.getMessage());
            System.exit(e.exitCode());
            return;
        }
        SandboxAgent agent;
        try {
            agent = SandboxAgent.start(options, apiKey);
        } catch (Exception e) {
            System.err.println("sandpod-agent could not start: " + e.getMessage());
            System.exit(1);
            return;
        }
        // carriers for virtual threads that stay, so a sandbox out of processes cannot silence the agent
        CarrierThreads.keepAlive();
        // SIGTERM (docker stop, pod deletion): stop serving, kill the shell and its children
        Runtime.getRuntime().addShutdownHook(new Thread(agent::close, "sandpod-agent-shutdown"));
    }

    /** One line per event, and only ours at INFO: the ready line is the one a user looks for. */
    private static void quietLogging() {
        if (System.getProperty("java.util.logging.config.file") == null) {
            System.setProperty("java.util.logging.SimpleFormatter.format", "%1$tFT%1$tT.%1$tLZ %4$s %3$s: %5$s%6$s%n");
            HELIDON_LOG.setLevel(java.util.logging.Level.WARNING);
        }
        // pty4j logs through SLF4J, which has no provider here; its notice about that is noise
        System.setProperty("slf4j.internal.verbosity", System.getProperty("slf4j.internal.verbosity", "ERROR"));
    }

    /**
     * The agent's routes; tests build their server with this too.
     *
     * @param services further services, such as the file transfers, authenticated like the rest
     */
    static void routing(HttpRouting.Builder routing, AgentState state, String apiKey, Path workingDir,
                        List<HttpService> services) {
        // a request with "Connection: close" gets its answer, then the connection is closed
        routing.addFilter(new ConnectionCloseFilter());
        ApiKeyFilter keys = apiKey == null ? null : new ApiKeyFilter(apiKey);
        if (keys != null) {
            routing.addFilter(keys);
        }
        // GET  /alive                    {"status":"ok"}, 503 {"status":"not initialized"} while starting (no auth)
        // GET  /server_info              uptime and idle_time (no auth); with the key also cpu/memory/disk, running command
        // GET  /vscode/connection_token  {"token": null}: no VS Code server in this agent
        routing.register(new StatusService(state, workingDir, keys));
        // POST /execute_action           {"action": {...}} -> an observation; 400 {"detail"} for bad requests
        routing.register(new ActionService(state));
        // POST /upload_file, GET /download_files, POST /list_files: FileTransferService, passed in services
        services.forEach(routing::register);
        routing.error(Throwable.class, (req, res, error) -> {
            System.getLogger(Main.class.getName()).log(System.Logger.Level.ERROR, "request " + req.path().path() + " failed", error);
            JsonBodies.send(res, io.helidon.http.Status.INTERNAL_SERVER_ERROR_500,
                    Map.of("detail", "The agent failed on this request: " + error));
        });
    }
}
