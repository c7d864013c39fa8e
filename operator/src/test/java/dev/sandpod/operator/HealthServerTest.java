package dev.sandpod.operator;

import dev.sandpod.api.session.SandboxSession;
import dev.sandpod.api.session.SandboxSessionStatus;
import dev.sandpod.api.session.SessionPhase;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** /healthz, /readyz and /metrics over real HTTP, with the session metrics behind them. */
class HealthServerTest {

    private final HttpClient http = HttpClient.newHttpClient();

    private HttpResponse<String> get(HealthServer server, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void servesHealthReadinessAndMetrics() throws Exception {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        SessionMetrics metrics = new SessionMetrics(registry);
        SandboxSession session = new SandboxSession();
        session.setMetadata(new ObjectMetaBuilder().withName("demo").withNamespace("ns")
                .withCreationTimestamp(Instant.now().minusSeconds(3).toString()).build());
        SandboxSessionStatus ready = new SandboxSessionStatus();
        ready.setPhase(SessionPhase.Ready);
        ready.setReadyAt(Instant.now().toString());
        metrics.observed(session, null, ready);
        metrics.observed(session, ready, ready);
        metrics.reconcileError();

        AtomicBoolean isReady = new AtomicBoolean(false);
        try (HealthServer server = HealthServer.start("127.0.0.1", 0, isReady::get, registry)) {
            assertEquals(200, get(server, "/healthz").statusCode());
            assertEquals(503, get(server, "/readyz").statusCode());
            isReady.set(true);
            assertEquals(200, get(server, "/readyz").statusCode());
            String body = get(server, "/metrics").body();
            assertTrue(body.contains("sandpod_sessions{phase=\"Ready\"} 1.0"), body);
            assertTrue(body.contains("sandpod_sessions{phase=\"Pending\"} 0.0"), body);
            assertTrue(body.contains("sandpod_session_ready_seconds_count 1"), "recorded once, not per reconcile: " + body);
            assertTrue(body.contains("sandpod_reconcile_errors_total 1.0"), body);
        }
    }
}
