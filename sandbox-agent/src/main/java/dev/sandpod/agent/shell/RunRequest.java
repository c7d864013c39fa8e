package dev.sandpod.agent.shell;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/**
 * One {@code run} action as the shell model sees it: what to do and how long to wait.
 *
 * @param kind        a new command, a read-on (empty command), a control key, or input text
 * @param text        the command or the input text; empty for a read-on
 * @param key         the key for {@link Kind#KEY}, else null
 * @param policy      when the request stops waiting, and what a timeout does
 * @param echoKeys    show a sent signal key as the terminal echoes it ({@code ^C}), as tmux did for OpenHands 2025
 * @param clientGone  true once the caller has hung up; checked while waiting
 */
record RunRequest(Kind kind, String text, ControlKey key, WaitPolicy policy, boolean echoKeys, BooleanSupplier clientGone) {

    enum Kind { COMMAND, EMPTY, KEY, INPUT }

    /**
     * @param noChange           return when nothing new was printed for this long; null for blocking requests
     * @param timeout            the action's own timeout; null when it sent none (then {@code cap} applies)
     * @param interruptAtTimeout at {@code timeout}: send SIGINT and wait for the command to stop (the 2024
     *                           server's blocking commands), instead of returning with the command still running
     * @param cap                how long a request without a timeout waits at most; the command keeps running
     */
    record WaitPolicy(Duration noChange, Duration timeout, boolean interruptAtTimeout, Duration cap) {
    }
}
