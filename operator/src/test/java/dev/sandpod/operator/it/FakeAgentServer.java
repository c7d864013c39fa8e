package dev.sandpod.operator.it;

import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Plays the agent's HTTP part for the operator's probe on 127.0.0.1 (the test pod's podIP): /alive,
 * and /vscode/connection_token answering 200 only with the session's key, 401 otherwise. The real
 * agent is tested in sandbox-agent; this is the network peer the mock API server cannot provide.
 */
final class FakeAgentServer implements AutoCloseable {

    private final HttpServer server;
    private final AtomicReference<String> key = new AtomicReference<>();
    final AtomicInteger authenticatedCalls = new AtomicInteger();

    FakeAgentServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/alive", e -> {
            byte[] body = "{\"status\":\"ok\"}".getBytes();
            e.sendResponseHeaders(200, body.length);
            e.getResponseBody().write(body);
            e.close();
        });
        server.createContext("/vscode/connection_token", e -> {
            String expected = key.get();
            boolean ok = expected != null && expected.equals(e.getRequestHeaders().getFirst("X-Session-API-Key"));
            if (ok) {
                authenticatedCalls.incrementAndGet();
            }
            byte[] body = (ok ? "{\"token\":null}" : "{\"detail\":\"invalid or missing X-Session-API-Key\"}").getBytes();
            e.sendResponseHeaders(ok ? 200 : 401, body.length);
            e.getResponseBody().write(body);
            e.close();
        });
    }

    /** Starts answering, accepting {@code apiKey} (the value of the session's Secret). */
    void start(String apiKey) {
        key.set(apiKey);
        server.start();
    }

    int port() {
        return server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
