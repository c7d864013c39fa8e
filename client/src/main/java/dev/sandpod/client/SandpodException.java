package dev.sandpod.client;

/** A failure the SDK reports to its caller; the message says what happened and what to do. */
public class SandpodException extends RuntimeException {

    /** A failure with a message that tells the caller what to do. */
    public SandpodException(String message) {
        super(message);
    }

    /** A failure caused by {@code cause}. */
    public SandpodException(String message, Throwable cause) {
        super(message, cause);
    }
}
