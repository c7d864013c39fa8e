package dev.sandpod.operator.session;

/** A spec the operator cannot run; the message names the field and says what to change. */
public final class InvalidSpecException extends RuntimeException {

    public InvalidSpecException(String message) {
        super(message);
    }
}
