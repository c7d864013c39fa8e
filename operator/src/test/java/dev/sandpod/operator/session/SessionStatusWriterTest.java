package dev.sandpod.operator.session;

import dev.sandpod.api.session.SandboxSession;
import dev.sandpod.api.session.SandboxSessionSpec;
import dev.sandpod.api.session.SandboxSessionStatus;
import dev.sandpod.api.session.SessionPhase;
import dev.sandpod.operator.SessionMetrics;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

@EnableKubernetesMockClient(crud = true)
class SessionStatusWriterTest {

    KubernetesClient client;

    private static final Instant T0 = Instant.parse("2026-01-01T10:00:00Z");

    private static SandboxSessionStatus ready(SandboxSessionStatus before, Instant now) {
        return new SessionStatusBuilder(before, 1L, now).podScheduled("True", "Scheduled", "on node a")
                .agentReady("True", "AgentReady", "answers").build();
    }

    @Test
    void aLateWatchEventDoesNotRepeatTheTransition() {
        SessionStatusWriter writer = new SessionStatusWriter(new SessionEvents(client),
                new SessionMetrics(new SimpleMeterRegistry()), Clock.fixed(T0, ZoneOffset.UTC));
        SandboxSession session = TestSessions.session("demo", new SandboxSessionSpec());
        session.getMetadata().setUid("uid-1");
        SandboxSessionStatus starting = new SessionStatusBuilder(null, 1L, T0).podScheduled("True", "Scheduled", "on node a")
                .agentReady("False", "ContainerStarting", "waiting").build();
        session.setStatus(starting);

        SandboxSessionStatus written = ready(writer.current(session), T0);
        assertEquals(SessionPhase.Ready, written.getPhase());
        writer.write(session, written, null);

        // the next reconcile still gets the Starting copy from the informer: it computes from what was written
        assertSame(written, writer.current(session));
        SandboxSessionStatus again = ready(writer.current(session), T0.plusSeconds(1));
        assertEquals(written, again, "same times: the transition is not made twice");
        assertEquals(false, writer.write(session, again, null).isPatchStatus(), "nothing to write, no Events");

        // once the informer has caught up, or someone else changed the status, its copy wins
        session.setStatus(written);
        assertSame(written, writer.current(session));
        SandboxSessionStatus other = new SessionStatusBuilder(null, 1L, T0).build();
        session.setStatus(other);
        assertSame(other, writer.current(session));
    }
}
