package dev.sandpod.operator.session;

import dev.sandpod.api.session.SandboxSessionStatus;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;

class StartingRecheckTest {

    private static final Instant T0 = Instant.parse("2026-01-01T10:00:00Z");

    private static SandboxSessionStatus startingSince(Instant since) {
        return new SessionStatusBuilder(null, 1L, since)
                .podScheduled("True", "Started", "runs")
                .agentReady("False", "AgentNotAnswering", "connection refused").build();
    }

    @Test
    void probesQuicklyWhileTheAgentIsExpected() {
        assertEquals(Duration.ofMillis(100), StartingRecheck.after(startingSince(T0), T0));
        assertEquals(Duration.ofMillis(100), StartingRecheck.after(startingSince(T0), T0.plusMillis(900)));
    }

    @Test
    void backsOffToATenthOfTheWaitUpToOneSecond() {
        assertEquals(Duration.ofMillis(300), StartingRecheck.after(startingSince(T0), T0.plusSeconds(3)));
        assertEquals(Duration.ofSeconds(1), StartingRecheck.after(startingSince(T0), T0.plusSeconds(10)));
        assertEquals(Duration.ofSeconds(1), StartingRecheck.after(startingSince(T0), T0.plusSeconds(600)));
    }

    @Test
    void withoutATransitionTimeProbesSoon() {
        assertEquals(Duration.ofMillis(100), StartingRecheck.after(new SandboxSessionStatus(), T0));
    }
}
