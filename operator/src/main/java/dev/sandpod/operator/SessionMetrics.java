package dev.sandpod.operator;

import dev.sandpod.api.session.SandboxSession;
import dev.sandpod.api.session.SandboxSessionStatus;
import dev.sandpod.api.session.SessionPhase;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The operator's Prometheus metrics: {@code sandpod_sessions{phase}} (gauge),
 * {@code sandpod_session_ready_seconds} (create to Ready, histogram) and
 * {@code sandpod_reconcile_errors_total}.
 */
public final class SessionMetrics {

    private final MeterRegistry registry;
    private final Map<String, SessionPhase> phases = new ConcurrentHashMap<>();
    private final Timer readyTime;
    private final Counter errors;

    public SessionMetrics(MeterRegistry registry) {
        this.registry = registry;
        for (SessionPhase phase : SessionPhase.values()) {
            Gauge.builder("sandpod.sessions", phases, p -> p.values().stream().filter(phase::equals).count())
                    .description("Sessions this operator reconciles, by phase")
                    .tag("phase", phase.name())
                    .register(registry);
        }
        readyTime = Timer.builder("sandpod.session.ready")
                .description("Time from a session's creation to its first Ready")
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(100))
                .maximumExpectedValue(Duration.ofMinutes(10))
                .register(registry);
        errors = Counter.builder("sandpod.reconcile.errors").description("Reconciles that failed and will be retried")
                .register(registry);
    }

    public MeterRegistry registry() {
        return registry;
    }

    /** Call after each reconcile with the status written (or kept). */
    public void observed(SandboxSession session, SandboxSessionStatus before, SandboxSessionStatus after) {
        phases.put(key(session), after.getPhase());
        boolean firstReady = after.getReadyAt() != null && (before == null || before.getReadyAt() == null);
        String created = session.getMetadata().getCreationTimestamp();
        if (firstReady && created != null) {
            Duration startup = Duration.between(Instant.parse(created), Instant.now()); // creationTimestamp has second precision
            readyTime.record(startup.isNegative() ? Duration.ZERO : startup);
        }
    }

    public void reconcileError() {
        errors.increment();
    }

    public void forget(SandboxSession session) {
        phases.remove(key(session));
    }

    private static String key(SandboxSession session) {
        return session.getMetadata().getNamespace() + "/" + session.getMetadata().getName();
    }
}
