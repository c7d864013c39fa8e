package dev.sandpod.api.session;

/** Where a session is in its life ({@code status.phase}). */
public enum SessionPhase {
    /** Accepted; nothing runs yet (e.g. the pod waits for a node). */
    Pending,
    /** The sandbox runs; the agent does not answer yet. */
    Starting,
    /** The agent answers with the session's key: post actions to {@code status.endpoint}. */
    Ready,
    /** It cannot become ready without a change: see {@code message} and the conditions. */
    Failed,
    /** Being deleted. */
    Terminating
}
