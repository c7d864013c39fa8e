package dev.sandpod.client;

/**
 * What a {@code run} action returned.
 *
 * @param command    the command as the agent ran it
 * @param output     what it printed (ANSI escapes stripped; long output shortened in the middle)
 * @param exitCode   its exit code; -1 when it still runs (soft timeout, or waiting for input)
 * @param workingDir the shell's working directory after the command
 * @param pid        the pid of the command, or -1 when unknown
 * @param username   the user the shell runs as
 * @param hostname   the sandbox's hostname
 */
public record CommandResult(String command, String output, int exitCode, String workingDir, long pid,
                            String username, String hostname) {

    /** Whether the command finished with exit code 0. */
    public boolean succeeded() {
        return exitCode == 0;
    }

    /** Whether the command still runs: send more input, an empty command to read on, or {@code C-c}. */
    public boolean stillRunning() {
        return exitCode == -1;
    }
}
