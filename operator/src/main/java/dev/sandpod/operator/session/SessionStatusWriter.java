package dev.sandpod.operator.session;

import dev.sandpod.api.session.SandboxSession;
import dev.sandpod.api.session.SandboxSessionStatus;
import dev.sandpod.operator.SessionMetrics;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.javaoperatorsdk.operator.AggregatedOperatorException;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * Turns a computed status into the reconcile's answer: no write when nothing changed, else a
 * patch from a fresh object (STYLE 3); Events for transitions, metrics, and a key=value log line
 * per phase change. Also owns the error path (STYLE 5).
 */
final class SessionStatusWriter {

    private static final Logger LOG = LoggerFactory.getLogger(SessionStatusWriter.class);

    /**
     * How long a written status stands in for the informer's older copy. The watch event of a
     * status write normally arrives within milliseconds; on a loaded API server it came after the
     * next reconcile, which then wrote Ready again with new times and repeated its Events
     * (OperatorRestartIT, 20 sessions at once). Past this, the informer's copy wins again.
     */
    static final Duration WRITTEN_WINS_FOR = Duration.ofSeconds(30);

    private final SessionEvents events;
    private final SessionMetrics metrics;
    private final Clock clock;
    private final Map<String, Written> written = new ConcurrentHashMap<>();

    /** A status this operator wrote over {@code replaced}, the copy the informer had then. */
    private record Written(SandboxSessionStatus replaced, SandboxSessionStatus status, Instant at) {
    }

    SessionStatusWriter(SessionEvents events, SessionMetrics metrics, Clock clock) {
        this.events = events;
        this.metrics = metrics;
        this.clock = clock;
    }

    /**
     * The session's status as this operator last wrote it while the informer still shows the copy
     * that write replaced (its watch event is late); otherwise the informer's copy. Reconciles
     * compute from this, so a late event neither repeats a transition nor its Events.
     */
    SandboxSessionStatus current(SandboxSession session) {
        SandboxSessionStatus seen = session.getStatus();
        Written last = written.get(session.getMetadata().getUid());
        if (last != null && Objects.equals(seen, last.replaced()) && !Objects.equals(seen, last.status())
                && clock.instant().isBefore(last.at().plus(WRITTEN_WINS_FOR))) {
            return last.status();
        }
        return seen;
    }

    /** The session is gone: nothing to remember. */
    void forget(SandboxSession session) {
        written.remove(session.getMetadata().getUid());
    }

    UpdateControl<SandboxSession> write(SandboxSession session, SandboxSessionStatus after, Duration recheck) {
        SandboxSessionStatus before = current(session);
        metrics.observed(session, before, after);
        UpdateControl<SandboxSession> control;
        if (after.equals(before)) {
            control = UpdateControl.noUpdate();
        } else {
            written.put(session.getMetadata().getUid(), new Written(session.getStatus(), after, clock.instant()));
            events.transitions(session, before, after);
            if (before == null || before.getPhase() != after.getPhase()) {
                LOG.info("session={}/{} phase={} reason={} message=\"{}\"", session.getMetadata().getNamespace(),
                        session.getMetadata().getName(), after.getPhase(),
                        after.condition("Ready").getReason(), after.getMessage());
            }
            control = UpdateControl.patchStatus(fresh(session, after));
        }
        return recheck == null ? control : control.rescheduleAfter(recheck);
    }

    /** Shows Terminating while a local sandbox is removed; best effort, the deletion goes on regardless. */
    void terminating(SandboxSession session, KubernetesClient client) {
        SandboxSessionStatus after = new SessionStatusBuilder(session.getStatus(), session.getMetadata().getGeneration(),
                clock.instant()).terminating().build();
        if (session.getStatus() != null) {
            after.setEndpoint(session.getStatus().getEndpoint());
            after.setContainerId(session.getStatus().getContainerId());
            after.setTokenSecret(session.getStatus().getTokenSecret());
        }
        try {
            client.resource(fresh(session, after)).patchStatus();
        } catch (KubernetesClientException e) {
            LOG.warn("session={}/{} event=terminating-not-written code={}", session.getMetadata().getNamespace(),
                    session.getMetadata().getName(), e.getCode());
        }
    }

    /** A failed reconcile goes into status (Ready False, ReconcileError, phase kept) and an Event; JOSDK retries. */
    ErrorStatusUpdateControl<SandboxSession> updateErrorStatus(SandboxSession session, Exception e) {
        if (interrupted(e)) {
            return ErrorStatusUpdateControl.noStatusUpdate(); // the operator is stopping: not the session's problem
        }
        metrics.reconcileError();
        written.remove(session.getMetadata().getUid()); // the failure may be that write itself: trust the informer again
        SandboxSessionStatus before = session.getStatus();
        String cause = rootMessage(e);
        SessionStatusBuilder status = new SessionStatusBuilder(before, session.getMetadata().getGeneration(), clock.instant())
                .reconcileError("reconcile failed, retrying: " + cause);
        if (before != null) {
            status.endpoint(before.getEndpoint()).podName(before.getPodName()).podIP(before.getPodIP())
                    .containerId(before.getContainerId()).tokenSecret(before.getTokenSecret());
        }
        SandboxSessionStatus after = status.build();
        LOG.warn("session={}/{} event=reconcile-error error=\"{}\"", session.getMetadata().getNamespace(),
                session.getMetadata().getName(), cause);
        if (Objects.equals(before, after)) {
            return ErrorStatusUpdateControl.noStatusUpdate();
        }
        events.transitions(session, before, after);
        return ErrorStatusUpdateControl.patchStatus(fresh(session, after));
    }

    /** Only name, namespace and status: works with server-side apply and with merge patch alike. */
    private static SandboxSession fresh(SandboxSession session, SandboxSessionStatus status) {
        SandboxSession fresh = new SandboxSession();
        fresh.setMetadata(new ObjectMetaBuilder().withName(session.getMetadata().getName())
                .withNamespace(session.getMetadata().getNamespace()).build());
        fresh.setStatus(status);
        return fresh;
    }

    private static boolean interrupted(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof InterruptedException) {
                return true;
            }
        }
        return Thread.currentThread().isInterrupted();
    }

    /** What the user needs of an exception: the API server's message, per dependent when several failed. */
    static String rootMessage(Throwable e) {
        if (e instanceof AggregatedOperatorException aggregated && !aggregated.getAggregatedExceptions().isEmpty()) {
            return aggregated.getAggregatedExceptions().entrySet().stream()
                    .map(entry -> entry.getKey() + ": " + rootMessage(entry.getValue()))
                    .collect(Collectors.joining("; "));
        }
        Throwable cause = e;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        if (cause instanceof KubernetesClientException k && k.getStatus() != null && k.getStatus().getMessage() != null) {
            return k.getStatus().getMessage();
        }
        return Objects.requireNonNullElse(cause.getMessage(), cause.getClass().getSimpleName());
    }
}
