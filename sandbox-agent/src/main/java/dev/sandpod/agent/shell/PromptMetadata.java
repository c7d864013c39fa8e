package dev.sandpod.agent.shell;

/**
 * What the prompt sentinel reported after a command completed.
 *
 * @param id the id the agent gave the command ({@link CommandDelivery}); "" for a prompt no command
 *           of the agent's caused (a line bash read on its own, a key at an idle prompt)
 */
record PromptMetadata(int exitCode, int pid, String username, String hostname, String workingDir,
                      String pyInterpreterPath, String home, String id) {

    static final PromptMetadata UNKNOWN = new PromptMetadata(-1, -1, "", "", "", "", "", "");
}
