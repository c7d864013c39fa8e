package dev.sandpod.agent.shell;

import dev.sandpod.api.agent.Observation;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code run} observations as the OpenHands server of 2025 (commit 156d0686c4,
 * {@code openhands/runtime/utils/bash.py}) shapes them, for its {@code CmdOutputObservation}:
 * {@code extras} = {@code command}, {@code metadata} {exit_code, pid, username, hostname,
 * working_dir, py_interpreter_path, prefix, suffix}, {@code hidden}. The output is the content;
 * notes for the model go to {@code metadata.prefix}/{@code suffix}.
 */
final class CmdOutput2025 {

    /** OpenHands' TIMEOUT_MESSAGE_TEMPLATE ({@code openhands/runtime/utils/bash_constants.py}), verbatim. */
    static final String TIMEOUT_MESSAGE = "You may wait longer to see additional output by sending empty command '', "
            + "send other commands to interact with the current process, "
            + "send keys (\"C-c\", \"C-z\", \"C-d\") to interrupt/kill the previous command before sending your new command, "
            + "or use the timeout parameter in execute_bash for future commands.";
    static final String CONTINUE_PREFIX = "[Below is the output of the previous command.]\n";
    static final String NO_RUNNING_LOGS = "ERROR: No previous running command to retrieve logs from.";
    static final String NO_RUNNING_INPUT = "ERROR: No previous running command to interact with.";
    static final String INPUT_NOT_READ_NOTE = "[The running command does not read its input: the terminal's input queue is full."
            + " Your text is sent as soon as it reads; send C-c to interrupt it.]";

    private CmdOutput2025() {
    }

    /**
     * @param command         the action's command, stripped
     * @param noChangeSeconds the agent's no-change timeout
     * @param timeout         the seconds a timeout note names (the action's timeout, or the cap)
     */
    static Observation render(RunOutcome outcome, String command, boolean hidden, long noChangeSeconds, double timeout) {
        String prefix = "";
        String suffix;
        String content = outcome.output();
        int exitCode = outcome.exitCode();
        PromptMetadata metadata = PromptMetadata.UNKNOWN;
        switch (outcome.kind()) {
            case COMPLETED -> {
                metadata = outcome.metadata();
                suffix = completed(exitCode, outcome.key());
            }
            case INTERRUPTED, KILLED -> {
                metadata = outcome.metadata();
                suffix = "\n[The command timed out after " + PythonNumbers.repr(timeout) + " seconds and was "
                        + (outcome.kind() == RunOutcome.Kind.KILLED ? "killed" : "interrupted with SIGINT") + ".]";
            }
            case NO_CHANGE -> {
                prefix = outcome.continued() ? CONTINUE_PREFIX : "";
                suffix = "\n[The command has no new output after " + noChangeSeconds + " seconds. " + TIMEOUT_MESSAGE + "]";
            }
            case TIMED_OUT, CAPPED -> {
                prefix = outcome.continued() ? CONTINUE_PREFIX : "";
                suffix = "\n[The command timed out after " + PythonNumbers.repr(timeout) + " seconds. " + TIMEOUT_MESSAGE + "]";
            }
            case NOT_EXECUTED -> {
                prefix = outcome.continued() ? CONTINUE_PREFIX : "";
                suffix = notExecuted(command);
            }
            case NOTHING_RUNNING -> {
                return observation("", NO_RUNNING_LOGS, metadata(metadata, -1, "", ""), hidden);
            }
            case NOTHING_TO_INTERACT_WITH -> {
                return observation("", NO_RUNNING_INPUT, metadata(metadata, -1, "", ""), hidden);
            }
            case KEY_NOT_SENT -> suffix = "\n[No command is running, so " + outcome.key().label() + " was not sent.]";
            case HANDED_TO_WAITER -> suffix = "\n[" + (outcome.key() != null ? outcome.key().label() + " was" : "Your input was")
                    + " sent to the running command. Another request is waiting for that command; it returns the output and the exit code.]";
            case INPUT_NOT_READ -> suffix = "\n" + INPUT_NOT_READ_NOTE;
            case TAKEN_OVER -> suffix = "\n[Another request took over the wait for this command and returns its output from here on."
                    + " The command is still running.]";
            case CLIENT_GONE -> suffix = "\n[The caller hung up; the command's output is kept for the next request.]";
            case SHELL_EXITED -> suffix = shellRestarted(outcome.shellExitCode(), outcome.restartedIn());
            default -> throw new IllegalStateException("unknown outcome " + outcome.kind());
        }
        if (outcome.restartedIn() != null && outcome.kind() != RunOutcome.Kind.SHELL_EXITED) {
            prefix = shellRestartedBefore(outcome.restartedIn()) + "\n" + prefix;
        }
        return observation(command, content, metadata(metadata, exitCode, prefix, suffix + outcome.notRun()), hidden);
    }

    static String completed(int exitCode, ControlKey key) {
        return key == null
                ? "\n[The command completed with exit code " + exitCode + ".]"
                : "\n[The command completed with exit code " + exitCode + ". " + key.label() + " was sent.]";
    }

    static String notExecuted(String command) {
        return "\n[Your command \"" + command + "\" is NOT executed. The previous command is still running - "
                + "You CANNOT send new commands until the previous command is completed. "
                + "By setting `is_input` to `true`, you can interact with the current process: " + TIMEOUT_MESSAGE + "]";
    }

    static String shellRestarted(int exitCode, String directory) {
        return "\n[The shell exited with code " + exitCode + " and was restarted in " + directory
                + "; variables, functions and options set in the old shell are gone.]";
    }

    static String shellRestartedBefore(String directory) {
        return "[The shell had exited and was restarted in " + directory
                + "; variables, functions and options set in the old shell are gone.]";
    }

    private static Map<String, Object> metadata(PromptMetadata prompt, int exitCode, String prefix, String suffix) {
        boolean known = prompt != PromptMetadata.UNKNOWN;
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("exit_code", exitCode);
        metadata.put("pid", known ? prompt.pid() : -1);
        metadata.put("username", known ? prompt.username() : null);
        metadata.put("hostname", known ? prompt.hostname() : null);
        metadata.put("working_dir", known ? prompt.workingDir() : null);
        metadata.put("py_interpreter_path", known ? prompt.pyInterpreterPath() : null);
        metadata.put("prefix", prefix);
        metadata.put("suffix", suffix);
        return metadata;
    }

    private static Observation observation(String command, String content, Map<String, Object> metadata, boolean hidden) {
        Map<String, Object> extras = new LinkedHashMap<>();
        extras.put("command", command);
        extras.put("metadata", metadata);
        extras.put("hidden", hidden);
        return new Observation("run", TerminalText.truncate(content), extras);
    }
}
