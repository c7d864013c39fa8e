package dev.sandpod.operator.session;

import dev.sandpod.api.session.SandboxSessionStatus;
import dev.sandpod.api.session.SessionCondition;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * How soon a Starting session is probed again. Nothing tells the operator when an agent starts
 * answering, so Ready lags the agent by up to one interval: a fixed 1 s made a docker session
 * about 0.5 s slower than {@code docker run} on average. The interval is a tenth of the time the
 * agent has been waited for, between 100 ms and 1 s: quick while an agent is expected (a second or
 * two), and at most one probe a second per session for an agent that takes long.
 */
final class StartingRecheck {

    static final Duration FIRST = Duration.ofMillis(100);
    static final Duration MAX = Duration.ofSeconds(1);

    private StartingRecheck() {
    }

    static Duration after(SandboxSessionStatus status, Instant now) {
        SessionCondition agent = status.condition(SessionCondition.AGENT_READY);
        if (agent == null || agent.getLastTransitionTime() == null) {
            return FIRST;
        }
        Duration waited;
        try {
            waited = Duration.between(Instant.parse(agent.getLastTransitionTime()), now);
        } catch (DateTimeParseException e) {
            return MAX;
        }
        Duration tenth = waited.dividedBy(10);
        return tenth.compareTo(FIRST) < 0 ? FIRST : tenth.compareTo(MAX) > 0 ? MAX : tenth;
    }
}
