package dev.sandpod.client;

/**
 * The agent refused or failed an action: an error observation (its message is the agent's, e.g.
 * {@code File not found: ...}), an editor error, or an HTTP error with the agent's {@code detail}.
 */
public class AgentException extends SandpodException {

    private final int httpStatus;

    /** An error the agent answered with HTTP status {@code httpStatus} (200 for an error observation). */
    public AgentException(String message, int httpStatus) {
        super(message);
        this.httpStatus = httpStatus;
    }

    /** The agent could not be reached at all. */
    public AgentException(String message, Throwable cause) {
        super(message, cause);
        this.httpStatus = 0;
    }

    /** The HTTP status the agent answered with: 200 for an error observation, 0 when it did not answer. */
    public int httpStatus() {
        return httpStatus;
    }
}
