package dev.sandpod.operator.session;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * Calls a sandbox's agent the way its callers will: {@code GET /alive} without a key, then
 * {@code GET /vscode/connection_token} with the session's key. Short timeouts: a reconcile must
 * not wait on a sandbox that is not there yet.
 */
public final class AgentProbe {

    private final HttpClient http;
    private final Duration timeout;

    public AgentProbe(Duration timeout) {
        this.timeout = timeout;
        this.http = HttpClient.newBuilder().connectTimeout(timeout).version(HttpClient.Version.HTTP_1_1).build();
    }

    /**
     * @param ready   the agent answered both requests with 200
     * @param reason  CamelCase: AgentReady, AgentNotAnswering, AgentNotInitialized, AgentRejectedKey, AgentError
     * @param message for the AgentReady condition
     */
    public record Result(boolean ready, String reason, String message) {
    }

    public Result probe(URI base, String apiKey) {
        try {
            int alive = get(base.resolve("/alive"), null);
            if (alive != 200) {
                return new Result(false, alive == 503 ? "AgentNotInitialized" : "AgentError",
                        "GET " + base.resolve("/alive") + " answered " + alive + "; waiting for the agent to initialize");
            }
            int authenticated = get(base.resolve("/vscode/connection_token"), apiKey);
            if (authenticated == 200) {
                return new Result(true, "AgentReady", "the agent answers and accepts the session's key");
            }
            return new Result(false, authenticated == 401 || authenticated == 403 ? "AgentRejectedKey" : "AgentError",
                    "the agent answered " + authenticated + " to an authenticated request; it must run with"
                            + " SESSION_API_KEY from the session's Secret");
        } catch (IOException e) {
            return new Result(false, "AgentNotAnswering", "the agent at " + base + " does not answer yet: " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Result(false, "AgentNotAnswering", "interrupted while calling the agent at " + base);
        }
    }

    private int get(URI uri, String apiKey) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(timeout).GET();
        if (apiKey != null) {
            request.header("X-Session-API-Key", apiKey);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }
}
