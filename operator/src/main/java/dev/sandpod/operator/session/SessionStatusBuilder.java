package dev.sandpod.operator.session;

import dev.sandpod.api.session.SandboxSessionStatus;
import dev.sandpod.api.session.SessionCondition;
import dev.sandpod.api.session.SessionPhase;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

import static dev.sandpod.api.session.SessionCondition.AGENT_READY;
import static dev.sandpod.api.session.SessionCondition.POD_SCHEDULED;
import static dev.sandpod.api.session.SessionCondition.READY;

/**
 * Computes a session's next status from what was observed, as pure code: conditions with string
 * statuses, lastTransitionTime kept while a condition's status stays, the phase and message derived
 * from the conditions, readyAt set once. Conditions not reported keep their previous value.
 */
public final class SessionStatusBuilder {

    public static final String TRUE = "True";
    public static final String FALSE = "False";
    public static final String UNKNOWN = "Unknown";

    private final SandboxSessionStatus previous;
    private final long generation;
    private final String now;
    private final SandboxSessionStatus next = new SandboxSessionStatus();
    private Observed scheduled;
    private Observed agent;
    private Observed failure;
    private Observed error;
    private boolean terminating;
    private String specPending;

    private record Observed(String status, String reason, String message) {
    }

    public SessionStatusBuilder(SandboxSessionStatus previous, Long generation, Instant now) {
        this.previous = previous == null ? new SandboxSessionStatus() : previous;
        this.generation = generation == null ? 0L : generation;
        this.now = now.truncatedTo(ChronoUnit.SECONDS).toString();
        this.scheduled = carried(POD_SCHEDULED);
        this.agent = carried(AGENT_READY);
    }

    public SessionStatusBuilder podScheduled(String status, String reason, String message) {
        scheduled = new Observed(status, reason, message);
        return this;
    }

    public SessionStatusBuilder agentReady(String status, String reason, String message) {
        agent = new Observed(status, reason, message);
        return this;
    }

    /** The session cannot become ready without a change by the user: phase Failed. */
    public SessionStatusBuilder failed(String reason, String message) {
        failure = new Observed(FALSE, reason, message);
        return this;
    }

    /** The operator could not finish this reconcile and will retry: Ready False, phase unchanged. */
    public SessionStatusBuilder reconcileError(String message) {
        error = new Observed(FALSE, "ReconcileError", message);
        return this;
    }

    /** The running sandbox is usable but does not run the current spec: said in the Ready message. */
    public SessionStatusBuilder specPending(String note) {
        specPending = note;
        return this;
    }

    public SessionStatusBuilder terminating() {
        terminating = true;
        return this;
    }

    public SessionStatusBuilder endpoint(String endpoint) { next.setEndpoint(endpoint); return this; }
    public SessionStatusBuilder podName(String podName) { next.setPodName(podName); return this; }
    public SessionStatusBuilder podIP(String podIP) { next.setPodIP(podIP); return this; }
    public SessionStatusBuilder containerId(String containerId) { next.setContainerId(containerId); return this; }
    public SessionStatusBuilder tokenSecret(String tokenSecret) { next.setTokenSecret(tokenSecret); return this; }

    public SandboxSessionStatus build() {
        Observed ready = ready();
        next.setConditions(List.of(condition(POD_SCHEDULED, scheduled), condition(AGENT_READY, agent),
                condition(READY, ready)));
        next.setPhase(phase(ready));
        next.setMessage(ready.message());
        next.setObservedGeneration(generation);
        next.setReadyAt(previous.getReadyAt() != null ? previous.getReadyAt()
                : next.getPhase() == SessionPhase.Ready ? now : null);
        return next;
    }

    private Observed ready() {
        if (failure != null) {
            return failure;
        }
        if (error != null) {
            return error;
        }
        if (TRUE.equals(agent.status())) {
            return new Observed(TRUE, "AgentReady",
                    "the agent answers" + (next.getEndpoint() == null ? "" : " at " + next.getEndpoint())
                            + (specPending == null ? "" : "; " + specPending));
        }
        Observed waiting = TRUE.equals(scheduled.status()) ? agent : scheduled;
        return new Observed(FALSE.equals(waiting.status()) ? FALSE : UNKNOWN, waiting.reason(), waiting.message());
    }

    private SessionPhase phase(Observed ready) {
        if (terminating) {
            return SessionPhase.Terminating;
        }
        if (failure != null) {
            return SessionPhase.Failed;
        }
        if (error != null && previous.getPhase() != null) {
            return previous.getPhase();
        }
        if (TRUE.equals(ready.status())) {
            return SessionPhase.Ready;
        }
        return TRUE.equals(scheduled.status()) ? SessionPhase.Starting : SessionPhase.Pending;
    }

    private SessionCondition condition(String type, Observed observed) {
        SessionCondition before = previous.condition(type);
        String since = before != null && observed.status().equals(before.getStatus()) && before.getLastTransitionTime() != null
                ? before.getLastTransitionTime() : now;
        return new SessionCondition(type, observed.status(), observed.reason(), observed.message(), since, generation);
    }

    private Observed carried(String type) {
        SessionCondition before = previous.condition(type);
        return before == null || before.getStatus() == null
                ? new Observed(UNKNOWN, "Pending", "the operator has not looked at the sandbox yet")
                : new Observed(before.getStatus(), before.getReason(), before.getMessage());
    }
}
