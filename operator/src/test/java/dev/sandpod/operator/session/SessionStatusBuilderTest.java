package dev.sandpod.operator.session;

import dev.sandpod.api.session.SandboxSessionStatus;
import dev.sandpod.api.session.SessionCondition;
import dev.sandpod.api.session.SessionPhase;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertNull;

class SessionStatusBuilderTest {

    private static final Instant T0 = Instant.parse("2026-01-01T10:00:00Z");
    private static final Instant T1 = Instant.parse("2026-01-01T10:00:05Z");
    private static final Instant T2 = Instant.parse("2026-01-01T10:00:09Z");

    @Test
    void newSessionIsPendingWithUnknownConditions() {
        SandboxSessionStatus status = new SessionStatusBuilder(null, 1L, T0)
                .podScheduled("Unknown", "Scheduling", "waiting for the scheduler").build();
        assertEquals(SessionPhase.Pending, status.getPhase());
        assertEquals("Unknown", status.condition("Ready").getStatus());
        assertEquals("Scheduling", status.condition("Ready").getReason());
        assertEquals("waiting for the scheduler", status.getMessage());
        assertEquals(1L, status.getObservedGeneration());
        assertEquals(1L, status.condition("PodScheduled").getObservedGeneration());
        assertEquals("2026-01-01T10:00:00Z", status.condition("PodScheduled").getLastTransitionTime());
        assertNull(status.getReadyAt());
    }

    @Test
    void scheduledButAgentNotAnsweringIsStarting() {
        SandboxSessionStatus status = new SessionStatusBuilder(null, 1L, T0)
                .podScheduled("True", "Scheduled", "on node a")
                .agentReady("False", "AgentNotAnswering", "connection refused").build();
        assertEquals(SessionPhase.Starting, status.getPhase());
        assertEquals("False", status.condition("Ready").getStatus());
        assertEquals("AgentNotAnswering", status.condition("Ready").getReason());
    }

    @Test
    void readyOnlyWhenTheAgentIsReadyAndReadyAtIsSetOnce() {
        SandboxSessionStatus starting = new SessionStatusBuilder(null, 1L, T0)
                .podScheduled("True", "Scheduled", "on node a")
                .agentReady("False", "AgentNotAnswering", "refused").build();
        SandboxSessionStatus ready = new SessionStatusBuilder(starting, 1L, T1).endpoint("http://demo.team-a.svc:47000")
                .podScheduled("True", "Scheduled", "on node a")
                .agentReady("True", "AgentReady", "answers").build();
        assertEquals(SessionPhase.Ready, ready.getPhase());
        assertEquals("True", ready.condition("Ready").getStatus());
        assertEquals("2026-01-01T10:00:05Z", ready.getReadyAt());
        SandboxSessionStatus later = new SessionStatusBuilder(ready, 1L, T2).endpoint("http://demo.team-a.svc:47000")
                .podScheduled("True", "Scheduled", "on node a")
                .agentReady("True", "AgentReady", "answers").build();
        assertEquals("2026-01-01T10:00:05Z", later.getReadyAt());
        assertEquals(ready, later, "nothing changed, so nothing to write");
    }

    @Test
    void lastTransitionTimeChangesOnlyWithStatus() {
        SandboxSessionStatus first = new SessionStatusBuilder(null, 1L, T0)
                .podScheduled("True", "Scheduled", "on node a")
                .agentReady("False", "AgentNotAnswering", "refused").build();
        SandboxSessionStatus sameStatusOtherReason = new SessionStatusBuilder(first, 1L, T1)
                .podScheduled("True", "Scheduled", "on node a")
                .agentReady("False", "AgentNotInitialized", "503").build();
        SessionCondition agent = sameStatusOtherReason.condition("AgentReady");
        assertEquals("AgentNotInitialized", agent.getReason());
        assertEquals("2026-01-01T10:00:00Z", agent.getLastTransitionTime(), "status stayed False");
        SandboxSessionStatus flipped = new SessionStatusBuilder(sameStatusOtherReason, 2L, T2)
                .podScheduled("True", "Scheduled", "on node a")
                .agentReady("True", "AgentReady", "answers").build();
        assertEquals("2026-01-01T10:00:09Z", flipped.condition("AgentReady").getLastTransitionTime());
        assertEquals("2026-01-01T10:00:00Z", flipped.condition("PodScheduled").getLastTransitionTime());
        assertEquals(2L, flipped.condition("PodScheduled").getObservedGeneration());
    }

    @Test
    void failureWinsAndCarriesReasonAndMessage() {
        SandboxSessionStatus status = new SessionStatusBuilder(null, 1L, T0)
                .podScheduled("True", "Scheduled", "on node a")
                .agentReady("True", "AgentReady", "answers")
                .failed("ImagePullFailed", "cannot pull image 'nope:1'").build();
        assertEquals(SessionPhase.Failed, status.getPhase());
        assertEquals("ImagePullFailed", status.condition("Ready").getReason());
        assertEquals("False", status.condition("Ready").getStatus());
        assertEquals("cannot pull image 'nope:1'", status.getMessage());
    }

    @Test
    void unschedulableStaysPendingWithTheSchedulersMessage() {
        SandboxSessionStatus status = new SessionStatusBuilder(null, 1L, T0)
                .podScheduled("False", "Unschedulable", "0/3 nodes are available: 3 Insufficient memory").build();
        assertEquals(SessionPhase.Pending, status.getPhase());
        assertEquals("False", status.condition("Ready").getStatus());
        assertEquals("Unschedulable", status.condition("Ready").getReason());
        assertEquals("0/3 nodes are available: 3 Insufficient memory", status.getMessage());
    }

    @Test
    void reconcileErrorKeepsThePhaseAndTheOtherConditions() {
        SandboxSessionStatus ready = new SessionStatusBuilder(null, 1L, T0)
                .podScheduled("True", "Scheduled", "on node a")
                .agentReady("True", "AgentReady", "answers").build();
        SandboxSessionStatus error = new SessionStatusBuilder(ready, 1L, T1).reconcileError("forbidden").build();
        assertEquals(SessionPhase.Ready, error.getPhase());
        assertEquals("ReconcileError", error.condition("Ready").getReason());
        assertEquals("True", error.condition("AgentReady").getStatus());
        assertEquals("2026-01-01T10:00:00Z", error.condition("AgentReady").getLastTransitionTime());
    }

    @Test
    void terminatingWinsOverEverything() {
        SandboxSessionStatus status = new SessionStatusBuilder(null, 1L, T0).failed("X", "y").terminating().build();
        assertEquals(SessionPhase.Terminating, status.getPhase());
    }

    @Test
    void anUnappliedSpecChangeIsSaidInTheReadyMessageWithoutATransition() {
        SandboxSessionStatus ready = new SessionStatusBuilder(null, 1L, T0)
                .podScheduled("True", "Scheduled", "on node a").agentReady("True", "AgentReady", "answers").build();
        SandboxSessionStatus changed = new SessionStatusBuilder(ready, 2L, T1)
                .podScheduled("True", "Scheduled", "on node a").agentReady("True", "AgentReady", "answers")
                .specPending("spec generation 2 is not applied").build();
        assertEquals(SessionPhase.Ready, changed.getPhase());
        assertTrue(changed.getMessage().endsWith("; spec generation 2 is not applied"), changed.getMessage());
        assertEquals(ready.condition("Ready").getLastTransitionTime(), changed.condition("Ready").getLastTransitionTime());
    }
}
