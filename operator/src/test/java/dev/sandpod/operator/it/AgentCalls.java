package dev.sandpod.operator.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** Real HTTP calls to a session's agent, as a client of the session would make them. */
final class AgentCalls {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
            .version(HttpClient.Version.HTTP_1_1).build();
    private static final ObjectMapper JSON = new ObjectMapper();

    private AgentCalls() {
    }

    record Answer(int status, JsonNode body, String text) {
    }

    /** POST /execute_action with a run action; apiKey null sends no key. */
    static Answer run(String endpoint, String command, String apiKey) throws IOException, InterruptedException {
        String action = JSON.writeValueAsString(JSON.createObjectNode().set("action", JSON.createObjectNode()
                .put("action", "run").set("args", JSON.createObjectNode().put("command", command))));
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(endpoint + "/execute_action"))
                .timeout(Duration.ofSeconds(60)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(action));
        if (apiKey != null) {
            request.header("X-Session-API-Key", apiKey);
        }
        HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        JsonNode body = response.statusCode() == 200 ? JSON.readTree(response.body()) : null;
        return new Answer(response.statusCode(), body, response.body());
    }

    static int alive(String endpoint) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create(endpoint + "/alive")).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    /** Whether something accepts TCP connections at the endpoint's port. */
    static boolean listening(String endpoint) {
        URI uri = URI.create(endpoint);
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(uri.getHost(), uri.getPort()), 1000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
