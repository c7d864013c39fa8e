package dev.sandpod.operator.runtime;

/**
 * The FAILED state of a sandbox whose agent exited, with what the user needs to act: the exit
 * code, a hint for the codes that have a known cause, and the agent's last log lines.
 */
final class AgentExit {

    static final String REASON = "AgentExited";
    static final int LOG_LINES = 20;

    private AgentExit() {
    }

    /**
     * @param sandbox  what exited, e.g. "Container sandpod-ns_name" or "Agent process 4711"
     * @param exitCode the exit code, or null when unknown
     * @param oomKilled whether the kernel killed it for lack of memory
     * @param lastLines the agent's last log lines, possibly empty
     */
    static SandboxState failed(String sandbox, Long exitCode, boolean oomKilled, String lastLines, String endpoint,
                               String id) {
        StringBuilder message = new StringBuilder(sandbox).append(" exited");
        message.append(exitCode == null ? " (exit code unknown)" : " with code " + exitCode);
        if (oomKilled) {
            message.append(": killed for lack of memory; give the sandbox more memory");
        } else if (exitCode != null && exitCode == 127) {
            message.append(": the agent executable was not found; the image must contain /opt/sandpod/bin/sandpod-agent"
                    + " (build the Sandpod images with images/build.sh)");
        }
        message.append(". Delete and re-create the session to start a new sandbox.");
        String lines = lastLines == null ? "" : lastLines.strip();
        message.append(lines.isEmpty() ? " The agent wrote no output." : " Last log lines:\n" + lines);
        return new SandboxState(SandboxState.Phase.FAILED, endpoint, id, REASON, message.toString());
    }
}
