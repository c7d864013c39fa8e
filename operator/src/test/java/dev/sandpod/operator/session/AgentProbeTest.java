package dev.sandpod.operator.session;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The probe against a real HTTP server playing the agent. */
class AgentProbeTest {

    private final AgentProbe probe = new AgentProbe(Duration.ofSeconds(2));
    private HttpServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    private URI agent(int aliveStatus, String key) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/alive", e -> { e.sendResponseHeaders(aliveStatus, -1); e.close(); });
        server.createContext("/vscode/connection_token", e -> {
            boolean ok = key.equals(e.getRequestHeaders().getFirst("X-Session-API-Key"));
            e.sendResponseHeaders(ok ? 200 : 401, -1);
            e.close();
        });
        server.start();
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    @Test
    void readyWhenAliveAndTheKeyIsAccepted() throws IOException {
        AgentProbe.Result result = probe.probe(agent(200, "k1"), "k1");
        assertTrue(result.ready(), result.message());
        assertEquals("AgentReady", result.reason());
    }

    @Test
    void wrongKeyIsRejected() throws IOException {
        AgentProbe.Result result = probe.probe(agent(200, "k1"), "other");
        assertFalse(result.ready());
        assertEquals("AgentRejectedKey", result.reason());
    }

    @Test
    void notInitializedIsNotReady() throws IOException {
        AgentProbe.Result result = probe.probe(agent(503, "k1"), "k1");
        assertEquals("AgentNotInitialized", result.reason());
    }

    @Test
    void nothingListeningIsNotAnswering() throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        AgentProbe.Result result = probe.probe(URI.create("http://127.0.0.1:" + port), "k1");
        assertEquals("AgentNotAnswering", result.reason());
    }
}
