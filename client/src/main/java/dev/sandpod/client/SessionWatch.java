package dev.sandpod.client;

import dev.sandpod.api.session.SandboxSession;
import dev.sandpod.api.session.SandboxSessionStatus;
import dev.sandpod.api.session.SessionCondition;
import dev.sandpod.api.session.SessionPhase;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;

import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;

/**
 * Follows one SandboxSession through an informer (list, then watch: no event is missed between
 * creating the session and starting to watch it) until it is Ready or Failed, telling
 * {@link SessionProgress} about every change of phase or conditions.
 */
final class SessionWatch implements ResourceEventHandler<SandboxSession> {

    private final SessionProgress progress;
    private final CompletableFuture<SandboxSession> outcome = new CompletableFuture<>();
    private final AtomicReference<String> lastShown = new AtomicReference<>();
    private final AtomicReference<SandboxSession> last = new AtomicReference<>();

    SessionWatch(SessionProgress progress) {
        this.progress = progress;
    }

    CompletableFuture<SandboxSession> outcome() {
        return outcome;
    }

    /** The last state seen, for a timeout message. */
    SandboxSession last() {
        return last.get();
    }

    @Override
    public void onAdd(SandboxSession session) {
        seen(session);
    }

    @Override
    public void onUpdate(SandboxSession old, SandboxSession session) {
        seen(session);
    }

    @Override
    public void onDelete(SandboxSession session, boolean finalStateUnknown) {
        outcome.completeExceptionally(new SandpodException("Session " + session.getMetadata().getName()
                + " was deleted while waiting for it to become Ready"));
    }

    private void seen(SandboxSession session) {
        last.set(session);
        SandboxSessionStatus status = session.getStatus();
        String phase = status == null || status.getPhase() == null ? "Pending" : status.getPhase().name();
        String detail = detail(status);
        String shown = phase + " " + detail;
        if (!Objects.equals(lastShown.getAndSet(shown), shown)) {
            progress.changed(phase, detail);
        }
        if (status == null) {
            return;
        }
        SessionCondition ready = status.condition(SessionCondition.READY);
        if (status.getPhase() == SessionPhase.Ready && (ready == null || "True".equals(ready.getStatus()))) {
            outcome.complete(session);
        } else if (status.getPhase() == SessionPhase.Failed) {
            outcome.completeExceptionally(new SessionFailedException(session.getMetadata().getName(),
                    "Session " + session.getMetadata().getName() + " failed"
                            + (ready != null && ready.getReason() != null ? " (" + ready.getReason() + ")" : "")
                            + ": " + (status.getMessage() == null ? "no message; see 'kubectl describe sbx "
                            + session.getMetadata().getName() + "'" : status.getMessage())));
        }
    }

    /** {@code PodScheduled=True AgentReady=False(AgentNotAnswering)}; the message when there are no conditions. */
    static String detail(SandboxSessionStatus status) {
        if (status == null) {
            return "waiting for the operator";
        }
        if (status.getConditions() == null || status.getConditions().isEmpty()) {
            return status.getMessage() == null ? "" : status.getMessage();
        }
        return status.getConditions().stream()
                .map(c -> c.getType() + "=" + c.getStatus() + ("True".equals(c.getStatus()) || c.getReason() == null
                        ? "" : "(" + c.getReason() + ")"))
                .collect(Collectors.joining(" "));
    }
}
