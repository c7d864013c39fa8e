package dev.sandpod.client;

import java.time.Duration;

/**
 * A {@code run} action for the sandbox's persistent bash.
 *
 * @param command  the command line, or an empty string to read on, or {@code C-c}/{@code C-d}/{@code C-z}
 * @param timeout  how long the agent waits for the command; it then answers with the command still running
 *                 (exit code -1); null for the agent's default
 * @param blocking true: wait for the command up to {@code timeout}; false: return when it prints
 *                 nothing new for the agent's no-change timeout (default 10 s), leaving it running
 * @param isInput  true: send {@code command} as input to the running process
 */
public record RunCommand(String command, Duration timeout, boolean blocking, boolean isInput) {

    /** A command run with the agent's soft timeout. */
    public static RunCommand of(String command) {
        return new RunCommand(command, null, false, false);
    }

    /** A command waited for up to {@code timeout}; {@link AgentClient#run(String, java.time.Duration)} then interrupts it. */
    public static RunCommand blocking(String command, Duration timeout) {
        return new RunCommand(command, timeout, true, false);
    }

    /** Text sent to the process that runs now (e.g. an answer to a prompt). */
    public static RunCommand input(String text) {
        return new RunCommand(text, null, false, true);
    }
}
