package dev.sandpod.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

/** A plain HTTP/1.1 client of the agent's wire protocol, as an agent framework would be. */
final class AgentClient {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2))
            .build();
    private final URI base;
    private final String key;

    AgentClient(URI base, String key) {
        this.base = base;
        this.key = key;
    }

    JsonNode run(String command, double timeoutSeconds) throws IOException, InterruptedException {
        return execute(Map.of("action", Map.of(
                "action", "run",
                "args", Map.of("command", command, "blocking", true),
                "timeout", timeoutSeconds)), timeoutSeconds);
    }

    /** A {@code read} action: the same HTTP and JSON path as {@code run}, without the shell. */
    JsonNode read(String path) throws IOException, InterruptedException {
        return execute(Map.of("action", Map.of("action", "read", "args", Map.of("path", path))), 30);
    }

    /** Any action, e.g. {@code run_ipython} or {@code browse}, with its arguments. */
    JsonNode action(String type, Map<String, Object> args, double timeoutSeconds) throws IOException, InterruptedException {
        return execute(Map.of("action", Map.of("action", type, "args", args, "timeout", timeoutSeconds)), timeoutSeconds);
    }

    private JsonNode execute(Map<String, Object> body, double timeoutSeconds) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(base.resolve("/execute_action"))
                .header("Content-Type", "application/json")
                .header("X-Session-API-Key", key)
                .timeout(Duration.ofSeconds((long) timeoutSeconds + 10))
                .POST(HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body)))
                .build();
        HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        if (response.statusCode() != 200) {
            throw new IOException("execute_action answered " + response.statusCode() + ": " + new String(response.body()));
        }
        return JSON.readTree(response.body());
    }

    /** Whether GET /alive answers 200 now. */
    boolean alive() {
        try {
            HttpRequest request = HttpRequest.newBuilder(base.resolve("/alive")).timeout(Duration.ofMillis(500)).build();
            return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Polls /alive every 5 ms until it answers 200; returns the nanoTime it did. */
    long awaitAlive(long deadlineNanos) throws InterruptedException {
        while (System.nanoTime() < deadlineNanos) {
            if (alive()) {
                return System.nanoTime();
            }
            Thread.sleep(5);
        }
        throw new IllegalStateException("the agent at " + base + " did not answer /alive in time");
    }
}
