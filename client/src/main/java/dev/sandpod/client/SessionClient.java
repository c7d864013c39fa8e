package dev.sandpod.client;

import java.time.Duration;
import java.util.List;

/**
 * Creates, finds and deletes sessions in one place: a Kubernetes namespace
 * ({@link KubernetesSessions}), or this machine's Docker engine or processes ({@link LocalSessions}).
 * Make one with {@link Sandpod}.
 */
public interface SessionClient extends AutoCloseable {

    /**
     * Creates a session (or takes the existing one of that name) and waits until it is Ready.
     * On failure or timeout a session this call created is deleted, and {@link SessionFailedException}
     * carries the reason.
     */
    Session create(SessionOptions options, Duration timeout, SessionProgress progress);

    /** Connects to the Ready session {@code name}; {@link SessionNotFoundException} when there is none. */
    Session connect(String name);

    /** Deletes the session and what it runs; {@link SessionNotFoundException} when there is none. */
    void delete(String name);

    /** The sessions this client sees. */
    List<SessionInfo> list();

    /** The last {@code lines} lines its agent wrote. */
    String logs(String name, int lines);

    /** Releases the client's connections; sessions keep running. */
    @Override
    void close();
}
