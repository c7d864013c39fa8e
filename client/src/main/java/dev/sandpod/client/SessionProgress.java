package dev.sandpod.client;

/** Told what a session does while the SDK waits for it to become Ready, e.g. to show progress. */
@FunctionalInterface
public interface SessionProgress {

    /** Ignores all progress. */
    SessionProgress NONE = (phase, detail) -> { };

    /**
     * Called when the session's phase or conditions change.
     *
     * @param phase  the session's phase (Pending, Starting, ...)
     * @param detail the conditions or what the SDK waits for, e.g. {@code PodScheduled=True AgentReady=False(AgentNotAnswering)}
     */
    void changed(String phase, String detail);
}
