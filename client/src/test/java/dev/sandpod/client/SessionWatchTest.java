package dev.sandpod.client;

import dev.sandpod.api.session.SandboxSession;
import dev.sandpod.api.session.SandboxSessionStatus;
import dev.sandpod.api.session.SessionCondition;
import dev.sandpod.api.session.SessionPhase;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SessionWatchTest {

    private static SandboxSession session(SessionPhase phase, String message, SessionCondition... conditions) {
        SandboxSession session = new SandboxSession();
        session.setMetadata(new ObjectMetaBuilder().withName("demo").withNamespace("ns").build());
        if (phase != null) {
            SandboxSessionStatus status = new SandboxSessionStatus();
            status.setPhase(phase);
            status.setMessage(message);
            status.setConditions(new ArrayList<>(List.of(conditions)));
            session.setStatus(status);
        }
        return session;
    }

    private static SessionCondition condition(String type, String status, String reason) {
        return new SessionCondition(type, status, reason, null, null, null);
    }

    @Test
    void reportsEachChangeOnceAndCompletesOnReady() throws Exception {
        List<String> seen = new ArrayList<>();
        SessionWatch watch = new SessionWatch((phase, detail) -> seen.add(phase + ": " + detail));
        watch.onAdd(session(null, null));
        SandboxSession starting = session(SessionPhase.Starting, null, condition("PodScheduled", "True", "Scheduled"),
                condition("AgentReady", "False", "AgentNotAnswering"));
        watch.onUpdate(null, starting);
        watch.onUpdate(starting, starting);
        assertFalse(watch.outcome().isDone());
        SandboxSession ready = session(SessionPhase.Ready, null, condition("Ready", "True", "AgentReady"));
        watch.onUpdate(starting, ready);
        assertEquals(ready, watch.outcome().get());
        assertEquals(List.of("Pending: waiting for the operator",
                "Starting: PodScheduled=True AgentReady=False(AgentNotAnswering)",
                "Ready: Ready=True"), seen);
    }

    @Test
    void failedCarriesReasonAndMessage() {
        SessionWatch watch = new SessionWatch(SessionProgress.NONE);
        watch.onUpdate(null, session(SessionPhase.Failed, "cannot pull image 'x:1'", condition("Ready", "False", "ImagePullFailed")));
        ExecutionException e = assertThrows(ExecutionException.class, () -> watch.outcome().get());
        SessionFailedException failure = assertInstanceOf(SessionFailedException.class, e.getCause());
        assertEquals("Session demo failed (ImagePullFailed): cannot pull image 'x:1'", failure.getMessage());
    }

    @Test
    void deletionWhileWaitingEndsTheWait() {
        SessionWatch watch = new SessionWatch(SessionProgress.NONE);
        watch.onDelete(session(SessionPhase.Pending, null), false);
        ExecutionException e = assertThrows(ExecutionException.class, () -> watch.outcome().get());
        assertTrue(e.getCause().getMessage().contains("was deleted while waiting"));
    }
}
