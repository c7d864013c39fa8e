package dev.sandpod.agent.shell;

import dev.sandpod.api.agent.Observation;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Builds {@code run} observations the way the OpenHands server shapes them: the output as
 * content, notes for the caller in {@code metadata.prefix}/{@code metadata.suffix}, and the
 * exit code both in {@code extras} and in the metadata.
 */
final class RunObservations {

    /** OpenHands' TIMEOUT_MESSAGE_TEMPLATE, verbatim. */
    static final String TIMEOUT_MESSAGE = "You may wait longer to see additional output by sending empty command '', "
            + "send other commands to interact with the current process, "
            + "send keys (\"C-c\", \"C-z\", \"C-d\") to interrupt/kill the previous command before sending your new command, "
            + "or use the timeout parameter in execute_bash for future commands.";
    static final String CONTINUE_PREFIX = "[Below is the output of the previous command.]\n";
    static final String NO_RUNNING_LOGS = "ERROR: No previous running command to retrieve logs from.";
    static final String NO_RUNNING_INPUT = "ERROR: No previous running command to interact with.";

    private RunObservations() {
    }

    static String completed(int exitCode, ControlKey key) {
        return key == null
                ? "\n[The command completed with exit code " + exitCode + ".]"
                : "\n[The command completed with exit code " + exitCode + ". " + key.label() + " was sent.]";
    }

    static String noChange(long seconds) {
        return "\n[The command has no new output after " + seconds + " seconds. " + TIMEOUT_MESSAGE + "]";
    }

    static String hardTimeout(double seconds) {
        return "\n[Command timed out after " + seconds(seconds) + " seconds. SIGINT was sent to interrupt it.]";
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

    private static String seconds(double seconds) {
        return seconds == Math.rint(seconds) ? Long.toString((long) seconds) : Double.toString(seconds);
    }

    /**
     * A run observation.
     *
     * @param prompt the sentinel's report, or {@link PromptMetadata#UNKNOWN} while the command runs
     */
    static Observation run(String command, long commandId, String content, PromptMetadata prompt, int exitCode,
                           String prefix, String suffix) {
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
        Map<String, Object> extras = new LinkedHashMap<>();
        extras.put("command", command);
        extras.put("command_id", commandId);
        extras.put("exit_code", exitCode);
        extras.put("metadata", metadata);
        extras.put("hidden", false);
        return new Observation("run", TerminalText.truncate(content), extras);
    }
}
