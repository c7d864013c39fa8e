package dev.sandpod.agent.browser;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * A Chrome DevTools Protocol connection over the JDK's WebSocket: commands with ids and their
 * replies, and events handed to one listener (tabs are sessions of this one connection, the
 * "flatten" mode, so events carry their {@code sessionId}).
 */
final class CdpClient implements AutoCloseable {

    static final JsonMapper JSON = JsonMapper.builder().build();

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final WebSocket socket;
    private final AtomicLong ids = new AtomicLong();
    private final Map<Long, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
    private final ReentrantLock sending = new ReentrantLock();
    private final Consumer<JsonNode> events;
    private volatile String closedBecause;

    private CdpClient(URI endpoint, Consumer<JsonNode> events) throws IOException {
        this.events = events;
        try {
            socket = http.newWebSocketBuilder()
                    .connectTimeout(Duration.ofSeconds(10))
                    .buildAsync(endpoint, new Listener())
                    .get(15, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new IOException("cannot connect to Chromium's DevTools endpoint " + endpoint + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while connecting to Chromium", e);
        }
    }

    static CdpClient connect(URI endpoint, Consumer<JsonNode> events) throws IOException {
        return new CdpClient(endpoint, events);
    }

    boolean isOpen() {
        return closedBecause == null;
    }

    /**
     * Sends a command and waits for its result.
     *
     * @param sessionId the tab's session, or null for the browser itself
     * @throws CdpException when Chromium answers an error, does not answer in time, or the connection is gone
     */
    JsonNode call(String method, ObjectNode params, String sessionId, long timeoutMillis) throws CdpException {
        if (closedBecause != null) {
            throw new CdpException("the browser connection is closed (" + closedBecause + ")");
        }
        long id = ids.incrementAndGet();
        ObjectNode message = JSON.createObjectNode().put("id", id).put("method", method);
        message.set("params", params == null ? JSON.createObjectNode() : params);
        if (sessionId != null) {
            message.put("sessionId", sessionId);
        }
        CompletableFuture<JsonNode> reply = new CompletableFuture<>();
        pending.put(id, reply);
        try {
            sending.lock();
            try {
                // one send at a time: the JDK's WebSocket refuses a send while another is under way
                socket.sendText(message.toString(), true).get(timeoutMillis, TimeUnit.MILLISECONDS);
            } finally {
                sending.unlock();
            }
            JsonNode answer = reply.get(Math.max(1, timeoutMillis), TimeUnit.MILLISECONDS);
            if (answer.has("error")) {
                throw new CdpException(answer.path("error").path("message").asText("error") + " (" + method + ")");
            }
            return answer.path("result");
        } catch (TimeoutException e) {
            throw new CdpException("Chromium did not answer " + method + " within " + timeoutMillis + " ms");
        } catch (ExecutionException e) {
            throw new CdpException("the browser connection failed during " + method + ": " + e.getCause().getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CdpException("interrupted during " + method);
        } finally {
            pending.remove(id);
        }
    }

    private void dispatch(String text) {
        JsonNode message;
        try {
            message = JSON.readTree(text);
        } catch (IOException e) {
            return;
        }
        if (message.has("id")) {
            CompletableFuture<JsonNode> reply = pending.get(message.get("id").asLong());
            if (reply != null) {
                reply.complete(message);
            }
        } else if (message.has("method")) {
            events.accept(message);
        }
    }

    /** Marks the connection closed for {@code why}; the commands waiting on it fail with that reason. */
    void closed(String why) {
        if (closedBecause != null) {
            return;
        }
        closedBecause = why;
        pending.values().forEach(reply -> reply.completeExceptionally(new IOException(why)));
    }

    @Override
    public void close() {
        closed("closed by the agent");
        socket.abort();
    }

    private final class Listener implements WebSocket.Listener {
        private final StringBuilder partial = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                String text = partial.toString();
                partial.setLength(0);
                dispatch(text);
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            closed("Chromium closed the connection (" + statusCode + ")");
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            closed("the connection to Chromium failed: " + error.getMessage());
        }
    }

    /** A DevTools command that failed; its message is fit for the caller. */
    static final class CdpException extends Exception {
        CdpException(String message) {
            super(message);
        }
    }
}
