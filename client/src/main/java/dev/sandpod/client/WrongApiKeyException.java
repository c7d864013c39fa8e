package dev.sandpod.client;

/** The agent answered 401: the API key given to {@link AgentClient} is not this session's key. */
public final class WrongApiKeyException extends AgentException {

    /** A rejection by the agent at {@code endpoint}. */
    public WrongApiKeyException(String endpoint) {
        super("The agent at " + endpoint + " rejected the API key (HTTP 401): wrong API key for this session. "
                + "Use the key from the session's Secret (status.tokenSecret, key 'token'), or let Sandpod connect "
                + "to the session by name", 401);
    }
}
