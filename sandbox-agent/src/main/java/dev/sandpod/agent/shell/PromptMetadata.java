package dev.sandpod.agent.shell;

/** What the prompt sentinel reported after a command completed. */
record PromptMetadata(int exitCode, int pid, String username, String hostname, String workingDir,
                      String pyInterpreterPath, String home) {

    static final PromptMetadata UNKNOWN = new PromptMetadata(-1, -1, "", "", "", "", "");
}
