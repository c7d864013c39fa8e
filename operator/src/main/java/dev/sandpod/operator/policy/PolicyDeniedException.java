package dev.sandpod.operator.policy;

/** A session the platform's policy does not allow; the message names the field and the rule. */
public final class PolicyDeniedException extends RuntimeException {

    public PolicyDeniedException(String message) {
        super(message);
    }
}
