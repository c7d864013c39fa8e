package dev.sandpod.agent.shell;

import dev.sandpod.api.agent.Observation;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code run} observations as the OpenHands server of 2024 (commit 2d5b360505d8,
 * {@code openhands/runtime/action_execution_server.py}, the pexpect shell) shaped them, for its
 * {@code CmdOutputObservation(command_id, command, exit_code, hidden)}: no metadata, and the
 * content is a terminal transcript with {@code \r\n} line endings that ends with the prompt
 * ({@code \r\n[Python Interpreter: P]\nUSER@openhands-workspace:DIR $ }) when {@code keep_prompt}
 * is true, as that era's agents read the working directory from it. Notes for the model are in
 * the content, after {@code \r\n\r\n}.
 */
final class CmdOutput2024 {

    /** The 2024 server printed this in place of the hostname in every prompt. */
    static final String PROMPT_HOST = "openhands-workspace";

    private CmdOutput2024() {
    }

    /**
     * @param command    the action's command as sent
     * @param keepPrompt the action's {@code keep_prompt}
     * @param timeout    the seconds a timeout note names
     */
    static Observation render(RunOutcome outcome, String command, boolean hidden, boolean keepPrompt, double timeout) {
        String note = switch (outcome.kind()) {
            case INTERRUPTED -> "[Command timed out after " + PythonNumbers.asSent(timeout)
                    + " seconds. SIGINT was sent to interrupt the command.]";
            case KILLED -> "[Command timed out after " + PythonNumbers.asSent(timeout)
                    + " seconds. SIGINT was sent to interrupt the command, but failed. The command was killed.]";
            case COMPLETED -> outcome.key() == null ? null
                    : outcome.key().isInterrupt() ? "[SIGINT was sent to interrupt the command.]" : "[" + outcome.key().label() + " was sent.]";
            case NOT_EXECUTED -> "[Your command \"" + command.strip() + "\" was NOT executed: the previous command is still running."
                    + " Send an empty command to read its further output, or ctrl+c to interrupt it.]";
            case NOTHING_RUNNING -> null;
            case NOTHING_TO_INTERACT_WITH -> null;
            case KEY_NOT_SENT -> "[No command is running, so " + outcome.key().label() + " was not sent.]";
            case HANDED_TO_WAITER -> "[" + (outcome.key() != null ? outcome.key().label() + " was" : "Your input was")
                    + " sent to the running command. Another request is waiting for that command; it returns the output and the exit code.]";
            case INPUT_NOT_READ -> CmdOutput2025.INPUT_NOT_READ_NOTE;
            case TAKEN_OVER -> "[Another request took over the wait for this command and returns its output from here on.]";
            case CLIENT_GONE -> "[The caller hung up; the command's output is kept for the next request.]";
            case SHELL_EXITED -> CmdOutput2025.shellRestarted(outcome.shellExitCode(), outcome.restartedIn()).strip();
            case NO_CHANGE, TIMED_OUT, CAPPED -> null;
        };
        String content = switch (outcome.kind()) {
            case NOTHING_RUNNING -> CmdOutput2025.NO_RUNNING_LOGS;
            case NOTHING_TO_INTERACT_WITH -> CmdOutput2025.NO_RUNNING_INPUT;
            default -> transcript(outcome.steps(), note, outcome.notRun().strip(),
                    // the 2024 server's ctrl+c answer had no prompt
                    keepPrompt && !(outcome.kind() == RunOutcome.Kind.COMPLETED && outcome.key() != null));
        };
        if (outcome.restartedIn() != null && outcome.kind() != RunOutcome.Kind.SHELL_EXITED) {
            content = CmdOutput2025.shellRestartedBefore(outcome.restartedIn()) + "\r\n" + content;
        }
        Map<String, Object> extras = new LinkedHashMap<>();
        extras.put("command_id", -1);
        extras.put("command", command);
        extras.put("exit_code", outcome.exitCode());
        extras.put("hidden", hidden);
        return new Observation("run", TerminalText.truncate(content), extras);
    }

    /**
     * The 2024 server's transcript of several commands: each command's output, its prompt, and the
     * next command typed after that prompt, as a terminal shows them.
     */
    private static String transcript(List<RunOutcome.Step> steps, String note, String notRun, boolean keepPrompt) {
        StringBuilder all = new StringBuilder();
        for (int i = 0; i < steps.size(); i++) {
            RunOutcome.Step step = steps.get(i);
            boolean last = i == steps.size() - 1;
            StringBuilder out = new StringBuilder(crlf(step.output()));
            if (!out.isEmpty()) {
                out.append("\r\n");
            }
            if (last && note != null) {
                out.append("\r\n\r\n").append(note);
            }
            if (last && !notRun.isEmpty()) {
                out.append("\r\n\r\n").append(notRun);
            }
            if (keepPrompt && step.completed()) {
                out.append("\r\n").append(prompt(step.metadata()));
            }
            if (!all.isEmpty()) {
                stripTrailing(all);
                all.append(' ').append(step.command()).append("\r\n");
            }
            all.append(out).append("\r\n");
        }
        if (steps.isEmpty() && note != null) {
            all.append(note);
        }
        int end = all.length();
        while (end > 0 && (all.charAt(end - 1) == '\r' || all.charAt(end - 1) == '\n')) {
            end--;
        }
        return all.substring(0, end);
    }

    /** The prompt as the 2024 server re-assembled it from its PS1. */
    static String prompt(PromptMetadata metadata) {
        String python = metadata.pyInterpreterPath().isEmpty() ? "" : "[Python Interpreter: " + metadata.pyInterpreterPath() + "]";
        String directory = metadata.workingDir();
        String home = metadata.home();
        if (!home.isEmpty() && !home.equals("/") && (directory.equals(home) || directory.startsWith(home + "/"))) {
            directory = "~" + directory.substring(home.length()); // bash's \w
        }
        return python + "\n" + metadata.username() + "@" + PROMPT_HOST + ":" + directory + " "
                + ("root".equals(metadata.username()) ? "#" : "$") + " ";
    }

    private static String crlf(String text) {
        return text.replace("\n", "\r\n");
    }

    private static void stripTrailing(StringBuilder text) {
        int end = text.length();
        while (end > 0 && Character.isWhitespace(text.charAt(end - 1))) {
            end--;
        }
        text.setLength(end);
    }
}
