package dev.sandpod.client;

/**
 * A session did not become Ready: it failed (the message is the session's {@code status.message},
 * e.g. an image pull error or the agent's last log lines) or the wait timed out. The SDK has
 * deleted the session by the time this is thrown.
 */
public final class SessionFailedException extends SandpodException {

    private final String sessionName;

    /** A failure of session {@code sessionName}. */
    public SessionFailedException(String sessionName, String message) {
        super(message);
        this.sessionName = sessionName;
    }

    /** The name of the session that failed. */
    public String sessionName() {
        return sessionName;
    }
}
