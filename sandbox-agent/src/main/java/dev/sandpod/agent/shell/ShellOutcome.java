package dev.sandpod.agent.shell;

/**
 * How waiting for the shell ended, with the bytes it printed meanwhile.
 *
 * @param kind     why the wait ended
 * @param output   what the PTY printed, the prompt sentinel removed
 * @param metadata the sentinel's report when {@code kind} is {@link Kind#COMPLETED}, else {@link PromptMetadata#UNKNOWN}
 * @param exitCode the shell's own exit code when {@code kind} is {@link Kind#SHELL_EXITED}
 */
record ShellOutcome(Kind kind, byte[] output, PromptMetadata metadata, int exitCode) {

    enum Kind { COMPLETED, TIMED_OUT, SHELL_EXITED }
}
