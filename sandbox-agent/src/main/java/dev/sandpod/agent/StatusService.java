package dev.sandpod.agent;

import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code GET /alive}, {@code GET /server_info} and {@code GET /vscode/connection_token}: answered
 * from memory, so a long command on the shell never delays them. {@code /server_info} needs no key
 * for uptime and idle time (what an idle reaper polls); the host's CPU, memory and disk figures and
 * the running command go only to a caller with the key, or to anyone when the agent runs without one.
 */
final class StatusService implements HttpService {

    private final AgentState state;
    private final SystemResources resources;
    private final ApiKeyFilter keys;

    /** @param keys the agent's key check; null when it runs without a key */
    StatusService(AgentState state, Path workingDir, ApiKeyFilter keys) {
        this.state = state;
        this.resources = new SystemResources(workingDir);
        this.keys = keys;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/alive", this::alive)
                .get("/server_info", this::serverInfo)
                .get("/vscode/connection_token", (req, res) -> {
                    Map<String, Object> body = new LinkedHashMap<>();
                    body.put("token", null); // no VS Code server in this agent
                    JsonBodies.ok(res, body);
                });
    }

    private void alive(ServerRequest req, ServerResponse res) {
        if (state.isReady()) {
            JsonBodies.ok(res, Map.of("status", "ok"));
        } else {
            JsonBodies.send(res, Status.SERVICE_UNAVAILABLE_503, Map.of("status", "not initialized"));
        }
    }

    private void serverInfo(ServerRequest req, ServerResponse res) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("uptime", state.uptimeSeconds());
        body.put("idle_time", state.idleSeconds());
        if (keys == null || keys.accepts(req.headers().first(ApiKeyFilter.HEADER).orElse(null))) {
            body.put("resources", resources.snapshot());
            // the command running in the shell: {pid, started_at, running_seconds, waiting_request}, or null
            body.put("running_command", state.shellStatus());
        }
        JsonBodies.ok(res, body);
    }
}
