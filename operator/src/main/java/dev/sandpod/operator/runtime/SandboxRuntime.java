package dev.sandpod.operator.runtime;

/**
 * Runs sandboxes outside Kubernetes: as Docker containers or as local processes. The Kubernetes
 * runtime does not implement this; it is built from owned objects (Secret, Pod, Service).
 * Every method is idempotent and safe to call from a reconcile loop that may run again at any time.
 */
public interface SandboxRuntime extends AutoCloseable {

    /** The runtime's name as {@code spec.runtime} spells it: {@code docker} or {@code process}. */
    String name();

    /**
     * Makes sure the session's sandbox exists and is started: creates it when missing, adopts the
     * one that exists (after an operator restart) and never makes a second. Does not wait for the
     * agent to answer.
     */
    SandboxState ensure(SandboxRequest request);

    /** What exists now for the session; {@link SandboxState.Phase#ABSENT} when nothing does. */
    SandboxState inspect(String namespace, String name);

    /** Stops and removes the session's sandbox and its state; nothing happens when none exists. */
    void delete(String namespace, String name);

    /** The last lines the session's agent wrote, for {@code sandpod logs} and failure messages. */
    String logs(String namespace, String name, int lines);

    @Override
    default void close() {
    }
}
