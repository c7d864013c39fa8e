package dev.sandpod.operator.runtime;

/**
 * What a runtime observed of one session's sandbox.
 *
 * @param phase       where the sandbox is
 * @param endpoint    the agent's URL, e.g. http://127.0.0.1:49153, once known; else null
 * @param containerId the Docker container id or the process id, once known; else null
 * @param reason      a CamelCase reason for FAILED (e.g. ImageNotFound, AgentExited); else null
 * @param message     what happened and what to do, with the agent's last log lines when it exited
 */
public record SandboxState(Phase phase, String endpoint, String containerId, String reason, String message) {

    /** Where a sandbox is in its life. */
    public enum Phase {
        /** Created and started; the agent may not answer yet. */
        STARTING,
        /** Its process runs; whether the agent answers is for a probe to tell. */
        RUNNING,
        /** It cannot run: see reason and message. */
        FAILED,
        /** No sandbox exists for the session. */
        ABSENT
    }

    public static SandboxState absent() {
        return new SandboxState(Phase.ABSENT, null, null, null, null);
    }

    public static SandboxState failed(String reason, String message) {
        return new SandboxState(Phase.FAILED, null, null, reason, message);
    }
}
