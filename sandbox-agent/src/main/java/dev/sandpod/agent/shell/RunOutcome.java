package dev.sandpod.agent.shell;

import java.util.List;
import java.util.stream.Collectors;

/**
 * What became of a {@code run} request, before any wire dialect shapes it into an observation.
 *
 * @param kind          how the request ended
 * @param steps         the top-level commands this request saw output of, in order
 * @param exitCode      the exit code to report; -1 while the command still runs
 * @param key           the control key this request sent, or null
 * @param continued     the request did not start the command whose output it returns (read-on, key, input),
 *                      or the command's output had been partly returned before
 * @param notRun        a note on the commands of this request that were not run, or ""
 * @param restartedIn   the directory a dead shell was restarted in before or during this request, or null
 * @param shellExitCode the dead shell's exit code when {@code kind} is {@link Kind#SHELL_EXITED}
 */
record RunOutcome(Kind kind, List<Step> steps, int exitCode, ControlKey key, boolean continued, String notRun,
                  String restartedIn, int shellExitCode) {

    enum Kind {
        /** The prompt came back: {@code exitCode} is the command's. */
        COMPLETED,
        /** Nothing new was printed for the no-change timeout; the command runs on. */
        NO_CHANGE,
        /** The action's timeout passed; the command runs on. */
        TIMED_OUT,
        /** The action sent no timeout and the agent's cap passed; the command runs on. */
        CAPPED,
        /** The action's timeout passed, SIGINT was sent and the prompt came back. */
        INTERRUPTED,
        /** SIGINT did not stop the command: it was stopped with Ctrl-Z and killed with SIGKILL. */
        KILLED,
        /** A new command while one runs: not executed. */
        NOT_EXECUTED,
        /** An empty command with nothing running. */
        NOTHING_RUNNING,
        /** Input with nothing running. */
        NOTHING_TO_INTERACT_WITH,
        /** A key with nothing running: not sent. */
        KEY_NOT_SENT,
        /** The running program does not read its input: the terminal's queue is full; the text is sent when it reads. */
        INPUT_NOT_READ,
        /** A key or input sent while another request waits for the command; that request gets its output. */
        HANDED_TO_WAITER,
        /** Another request took over the wait for this command; it gets the output from here on. */
        TAKEN_OVER,
        /** The caller hung up; the output stays for the next request. */
        CLIENT_GONE,
        /** Bash exited during the command and was restarted. */
        SHELL_EXITED
    }

    /**
     * One top-level command's share of the output.
     *
     * @param command  the command as sent
     * @param output   what it printed, cleaned, without trailing whitespace
     * @param metadata the prompt's report when it completed, else {@link PromptMetadata#UNKNOWN}
     */
    record Step(String command, String output, PromptMetadata metadata) {
        boolean completed() {
            return metadata != PromptMetadata.UNKNOWN;
        }
    }

    RunOutcome {
        steps = List.copyOf(steps);
        notRun = notRun == null ? "" : notRun;
    }

    static RunOutcome of(Kind kind) {
        return new RunOutcome(kind, List.of(), -1, null, false, "", null, 0);
    }

    RunOutcome restartedIn(String directory) {
        return new RunOutcome(kind, steps, exitCode, key, continued, notRun, directory, shellExitCode);
    }

    /** All output, the steps' joined by newlines. */
    String output() {
        if (steps.size() == 1) {
            return steps.getFirst().output();
        }
        return steps.stream().map(Step::output).filter(s -> !s.isEmpty()).collect(Collectors.joining("\n"));
    }

    /** The last step's prompt report, or {@link PromptMetadata#UNKNOWN}. */
    PromptMetadata metadata() {
        return steps.isEmpty() ? PromptMetadata.UNKNOWN : steps.getLast().metadata();
    }
}
