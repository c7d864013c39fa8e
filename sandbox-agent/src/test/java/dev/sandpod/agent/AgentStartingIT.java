package dev.sandpod.agent;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sandpod.api.agent.Action;
import dev.sandpod.api.agent.Observation;
import io.helidon.webserver.WebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;

import static dev.sandpod.agent.AgentHarness.JSON;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The window between "listening" and "ready", built with {@link Main#routing} itself: probes must
 * see 503 {"status": "not initialized"}, actions a 503 that says to wait.
 */
class AgentStartingIT {

    private WebServer server;
    private final HttpClient client = HttpClient.newHttpClient();

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop();
        }
    }

    @Test
    void notInitializedUntilReady() throws Exception {
        AgentState state = new AgentState();
        server = WebServer.builder().host("127.0.0.1").port(0)
                .routing(r -> Main.routing(r, state, null, Path.of("/tmp"), List.of()))
                .build().start();

        HttpResponse<String> alive = get("/alive");
        assertEquals(503, alive.statusCode());
        assertEquals("not initialized", JSON.readTree(alive.body()).path("status").asText());

        HttpResponse<String> action = post("{\"action\": {\"action\": \"run\", \"args\": {\"command\": \"ls\"}}}");
        assertEquals(503, action.statusCode());
        assertTrue(JSON.readTree(action.body()).path("detail").asText().contains("still starting"), action.body());

        state.ready(new ActionDispatcher(List.of(new ActionExecutor() {
            @Override
            public String type() {
                return "run";
            }

            @Override
            public Observation execute(Action a) {
                return new Observation("run", "from the test executor", java.util.Map.of());
            }
        })));
        assertEquals(200, get("/alive").statusCode());
        JsonNode observation = JSON.readTree(post("{\"action\": {\"action\": \"run\", \"args\": {}}}").body());
        assertEquals("from the test executor", observation.path("content").asText());
    }

    @Test
    void anExecutorThatThrowsStillAnswersAnObservation() throws Exception {
        AgentState state = new AgentState();
        state.ready(new ActionDispatcher(List.of(new ActionExecutor() {
            @Override
            public String type() {
                return "read";
            }

            @Override
            public Observation execute(Action a) {
                throw new IllegalStateException("broken executor");
            }
        })));
        server = WebServer.builder().host("127.0.0.1").port(0)
                .routing(r -> Main.routing(r, state, null, Path.of("/tmp"), List.of()))
                .build().start();
        HttpResponse<String> response = post("{\"action\": {\"action\": \"read\", \"args\": {\"path\": \"x\"}}}");
        assertEquals(200, response.statusCode());
        JsonNode observation = JSON.readTree(response.body());
        assertEquals("error", observation.path("observation").asText());
        assertTrue(observation.path("content").asText().contains("broken executor"), response.body());
    }

    private HttpResponse<String> get(String path) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String body) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/execute_action"))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
