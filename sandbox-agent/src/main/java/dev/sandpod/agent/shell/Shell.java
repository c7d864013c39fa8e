package dev.sandpod.agent.shell;

import dev.sandpod.agent.shell.RunOutcome.Kind;
import dev.sandpod.agent.shell.RunOutcome.Step;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The one persistent shell and what runs in it. A running command is an object of its own
 * ({@link RunningCommand}: text, start, pid), and its output is kept, bounded, until a request
 * collects it. The lock guards state changes only, never a wait: a request that waits for a
 * command releases it, so keys, input, read-ons and status are served at once while it waits.
 *
 * <p>At most one request waits for the running command. What happens when another arrives:
 * <ul>
 *   <li>a key or input text is sent at once; the waiting request gets the output and exit code;</li>
 *   <li>an empty command takes the wait over: the earlier request answers at once (no output), the
 *       newer one gets everything not yet returned;</li>
 *   <li>a new command is not executed, and says so.</li>
 * </ul>
 * A waiting request whose caller hung up stops waiting and leaves the output for the next one.
 */
final class Shell implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(Shell.class.getName());
    private static final long POLL_MILLIS = 50;
    private static final long HANG_UP_CHECK_NANOS = Duration.ofMillis(500).toNanos();
    /** The 2024 server's interrupt: SIGINT, 1 s for the prompt, once more, then Ctrl-Z and SIGKILL. */
    private static final Duration AFTER_SIGINT = Duration.ofSeconds(1);
    private static final Duration AFTER_STOP = Duration.ofSeconds(5);
    /** How long a request waits for a running program to accept input or a key (the terminal holds ~20 KB). */
    private static final Duration INPUT_WRITE = Duration.ofSeconds(2);
    private static final Duration KEY_WRITE = Duration.ofMillis(500);

    private final ReentrantLock lock = new ReentrantLock();
    private final ShellLaunch launch;
    private final ShellContext context;
    private final CommandDelivery delivery;
    private ShellSession session;
    private RunningCommand running;
    private Waiter waiter;
    private long commandIds;

    Shell(ShellLaunch launch, ShellContext context) throws IOException {
        this.launch = launch;
        this.context = context;
        this.delivery = new CommandDelivery();
        this.session = ShellSession.start(launch);
        context.moveTo(session.lastPrompt().workingDir());
    }

    /** What the shell does right now, for {@code /server_info}. */
    Optional<CommandStatus> status() {
        lock.lock();
        try {
            if (running == null) {
                return Optional.empty();
            }
            return Optional.of(new CommandStatus(running.command, running.startedAt,
                    (System.nanoTime() - running.startedNanos) / 1e9, session.foregroundPid(), waiter != null));
        } finally {
            lock.unlock();
        }
    }

    long pid() {
        lock.lock();
        try {
            return session.pid();
        } finally {
            lock.unlock();
        }
    }

    RunOutcome run(RunRequest request) {
        Wait wait;
        lock.lock();
        try {
            String restarted = restartIfDead();
            RunOutcome early = start(request);
            if (early != null) {
                return restarted == null ? early : early.restartedIn(restarted);
            }
            wait = new Wait(request, waiter, restarted);
        } catch (IOException e) {
            throw new ShellFailure(e);
        } finally {
            lock.unlock();
        }
        try {
            return wait.await();
        } catch (IOException e) {
            throw new ShellFailure(e);
        }
    }

    /** Starts what the request asks for; returns its outcome when there is nothing to wait for. */
    private RunOutcome start(RunRequest request) throws IOException {
        switch (request.kind()) {
            case EMPTY -> {
                if (running == null) {
                    return RunOutcome.of(Kind.NOTHING_RUNNING);
                }
                if (waiter != null) {
                    waiter.takenOver = true;
                    session.wakeUp();
                }
                waiter = new Waiter(List.of(), true);
                return null;
            }
            case KEY, INPUT -> {
                if (running == null) {
                    return request.kind() == RunRequest.Kind.KEY
                            ? new RunOutcome(Kind.KEY_NOT_SENT, List.of(), -1, request.key(), false, "", null, 0)
                            : RunOutcome.of(Kind.NOTHING_TO_INTERACT_WITH);
                }
                if (waiter == null && session.promptShown(running.id)) {
                    // it completed before the key or text could reach it: hand over its end instead
                    waiter = new Waiter(List.of(), true);
                    return null;
                }
                if (request.kind() == RunRequest.Kind.KEY) {
                    sendKey(request.key());
                    if (request.echoKeys() && request.key().echo() != null) {
                        // after what the PTY has printed so far: close to where a terminal echoes it
                        session.echo(request.key().echo());
                    }
                } else if (session.inputPending() || !session.sendWithin((request.text() + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8), INPUT_WRITE)) {
                    return new RunOutcome(Kind.INPUT_NOT_READ, List.of(), -1, null, true, "", null, 0);
                }
                if (waiter != null) {
                    return new RunOutcome(Kind.HANDED_TO_WAITER, List.of(), -1, request.key(), true, "", null, 0);
                }
                waiter = new Waiter(List.of(), true);
                waiter.keySent = request.key();
                return null;
            }
            case COMMAND -> {
                if (running != null) {
                    if (waiter == null) {
                        ShellOutcome done = session.completed(running.id);
                        if (done != null) {
                            // it completed while no one waited and a new command follows: as in
                            // OpenHands, the rest of its output is dropped
                            finished(done);
                        }
                    }
                    if (running != null) {
                        String output = waiter != null ? "" : TerminalText.clean(session.takeOutput()).stripTrailing();
                        boolean continued = running.answered;
                        running.answered = true;
                        return new RunOutcome(Kind.NOT_EXECUTED, List.of(new Step(running.command, output, PromptMetadata.UNKNOWN)),
                                -1, null, continued, "", null, 0);
                    }
                }
                List<String> commands = CommandSplitter.split(request.text());
                if (commands.isEmpty()) {
                    commands = List.of(request.text());
                }
                send(commands.getFirst());
                waiter = new Waiter(commands, false);
                return null;
            }
            default -> throw new IllegalStateException("unknown request kind " + request.kind());
        }
    }

    /** A key, even when the terminal's input queue is full: then as the signal the terminal would send. */
    private void sendKey(ControlKey key) throws IOException {
        if (key.signal() != null && session.inputPending()) {
            session.signalForeground(key.signal());
        } else if (!session.sendWithin(new byte[]{key.controlByte()}, KEY_WRITE) && key.signal() != null) {
            session.signalForeground(key.signal());
        }
    }

    private void send(String command) throws IOException {
        session.clearOutput();
        String id = Long.toString(++commandIds);
        Path file = delivery.send(session, command, id);
        running = new RunningCommand(command, file, id);
    }

    private void finished(ShellOutcome outcome) {
        delivery.delete(running.file);
        running = null;
        context.moveTo(outcome.metadata().workingDir());
    }

    /** Restarts a shell that died while no request waited on it; returns the directory, or null. */
    private String restartIfDead() throws IOException {
        if (session.isAlive() || waiter != null) {
            return null;
        }
        running = null;
        return restart();
    }

    private String restart() throws IOException {
        Path directory = context.currentDirectory();
        if (directory == null || !Files.isDirectory(directory)) {
            directory = launch.workingDir();
        }
        session.close();
        LOG.log(System.Logger.Level.WARNING, "bash exited; starting a new one in {0}", directory);
        session = ShellSession.start(launch.in(directory));
        context.moveTo(session.lastPrompt().workingDir());
        return directory.toString();
    }

    @Override
    public void close() {
        lock.lock();
        try {
            session.close();
            delivery.close();
        } finally {
            lock.unlock();
        }
    }

    /** The request waiting for the running command; at most one at a time. */
    private static final class Waiter {
        final List<String> commands;
        final boolean continued;
        volatile boolean takenOver;
        ControlKey keySent;

        Waiter(List<String> commands, boolean continued) {
            this.commands = commands;
            this.continued = continued;
        }
    }

    /** A request's wait, outside the lock; each look at the shell takes the lock briefly. */
    private final class Wait {
        private final RunRequest request;
        private final Waiter me;
        private final String restartedBefore;
        private final List<Step> steps = new ArrayList<>();
        private final long started = System.nanoTime();
        private final boolean continued;
        private int index;
        private long deadline;
        private int interruptStage;
        private boolean killing;

        Wait(RunRequest request, Waiter me, String restartedBefore) {
            this.request = request;
            this.me = me;
            this.restartedBefore = restartedBefore;
            this.continued = me.continued || running.answered;
            Duration limit = request.policy().timeout() != null ? request.policy().timeout() : request.policy().cap();
            this.deadline = started + limit.toNanos();
        }

        RunOutcome await() throws IOException {
            long seen = -1;
            long lastChange = System.nanoTime();
            long nextHangUpCheck = started + HANG_UP_CHECK_NANOS;
            while (true) {
                // read the count before looking for the prompt: bytes that arrive after the look
                // then make the wait below return at once instead of sleeping on them
                long received = session.received();
                long now = System.nanoTime();
                if (received != seen) {
                    seen = received;
                    lastChange = now;
                }
                boolean checkHangUp = now >= nextHangUpCheck;
                if (checkHangUp) {
                    nextHangUpCheck = now + HANG_UP_CHECK_NANOS;
                }
                lock.lock();
                try {
                    RunOutcome outcome = look(now, lastChange, checkHangUp && request.clientGone().getAsBoolean());
                    if (outcome != null) {
                        return restartedBefore == null || outcome.restartedIn() != null ? outcome : outcome.restartedIn(restartedBefore);
                    }
                } finally {
                    lock.unlock();
                }
                try {
                    session.awaitOutput(seen, POLL_MILLIS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    lock.lock();
                    try {
                        return leave(Kind.CLIENT_GONE, false);
                    } finally {
                        lock.unlock();
                    }
                }
            }
        }

        /** One look at the shell, under the lock: the outcome, or null to wait on. */
        private RunOutcome look(long now, long lastChange, boolean clientGone) throws IOException {
            if (me.takenOver) {
                return outcome(Kind.TAKEN_OVER, -1, notRun(index, "did not complete"));
            }
            ShellOutcome done = session.completed(running.id);
            if (done != null) {
                return completed(done);
            }
            if (!session.isAlive()) {
                return shellExited();
            }
            if (clientGone) {
                return leave(Kind.CLIENT_GONE, false);
            }
            if (interruptStage > 0) {
                return now >= deadline ? escalate(now) : null;
            }
            Duration noChange = request.policy().noChange();
            if (noChange != null && now - lastChange >= noChange.toNanos()) {
                return leave(Kind.NO_CHANGE, true);
            }
            if (now >= deadline) {
                if (request.policy().timeout() == null) {
                    return leave(Kind.CAPPED, true);
                }
                if (!request.policy().interruptAtTimeout()) {
                    return leave(Kind.TIMED_OUT, true);
                }
                return escalate(now);
            }
            return null;
        }

        /** The 2024 server's interrupt at a blocking command's timeout: SIGINT twice, then Ctrl-Z and SIGKILL. */
        private RunOutcome escalate(long now) throws IOException {
            interruptStage++;
            switch (interruptStage) {
                case 1, 2 -> {
                    sendKey(ControlKey.CTRL_C);
                    deadline = now + AFTER_SIGINT.toNanos();
                    return null;
                }
                case 3 -> {
                    sendKey(ControlKey.CTRL_Z);
                    deadline = now + AFTER_STOP.toNanos();
                    return null;
                }
                default -> {
                    // nothing stopped it: give up waiting, it keeps running
                    return leave(Kind.TIMED_OUT, true);
                }
            }
        }

        private RunOutcome completed(ShellOutcome done) throws IOException {
            String output = TerminalText.clean(done.output());
            String command = running.command;
            if (!me.continued || index > 0) {
                output = delivery.withoutEcho(output);
            }
            if (killing) {
                // the kill command's own output (nothing, or bash's "Killed" notice) joins the step
                appendToLast(output, done.metadata());
                finished(done);
                return finish(Kind.KILLED, done.metadata().exitCode(), notRun(index, "was killed at the timeout"));
            }
            steps.add(new Step(me.commands.isEmpty() ? command : me.commands.get(index), output.stripTrailing(), done.metadata()));
            finished(done);
            int exit = done.metadata().exitCode();
            if (interruptStage == 3) {
                // stopped by Ctrl-Z: kill the stopped job, as the 2024 server did
                killing = true;
                send("kill -9 %% 2>/dev/null; wait %% 2>/dev/null; true");
                deadline = System.nanoTime() + AFTER_STOP.toNanos();
                return null;
            }
            if (interruptStage > 0) {
                return finish(Kind.INTERRUPTED, exit, notRun(index, "was interrupted at the timeout"));
            }
            boolean last = me.commands.isEmpty() || index == me.commands.size() - 1;
            if (last || exit != 0) {
                return finish(Kind.COMPLETED, exit, last ? "" : notRun(index, "exited with code " + exit));
            }
            index++;
            send(me.commands.get(index));
            return null;
        }

        private void appendToLast(String output, PromptMetadata metadata) {
            Step step = steps.removeLast();
            String joined = output.isBlank() ? step.output() : (step.output() + "\n" + output).strip();
            steps.add(new Step(step.command(), joined, metadata));
        }

        private RunOutcome shellExited() throws IOException {
            ShellOutcome exited;
            try {
                exited = session.exited();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                exited = new ShellOutcome(ShellOutcome.Kind.SHELL_EXITED, new byte[0], PromptMetadata.UNKNOWN, -1);
            }
            String output = TerminalText.clean(exited.output()).stripTrailing();
            steps.add(new Step(running == null ? "" : running.command, output, PromptMetadata.UNKNOWN));
            running = null;
            waiter = null;
            String directory = restart();
            return new RunOutcome(Kind.SHELL_EXITED, steps, exited.exitCode(), me.keySent, continued, "", directory, exited.exitCode());
        }

        /** Returns while the command runs on; {@code take} hands its output so far to this request. */
        private RunOutcome leave(Kind kind, boolean take) {
            if (waiter == me) {
                waiter = null;
            }
            if (take && running != null) {
                String output = TerminalText.clean(session.takeOutput());
                if (!me.continued || index > 0) {
                    output = delivery.withoutEcho(output);
                }
                steps.add(new Step(running.command, output.stripTrailing(), PromptMetadata.UNKNOWN));
                running.answered = true;
            }
            return outcome(kind, -1, notRun(index, "did not complete"));
        }

        private RunOutcome finish(Kind kind, int exitCode, String notRun) {
            if (waiter == me) {
                waiter = null;
            }
            return outcome(kind, exitCode, notRun);
        }

        private RunOutcome outcome(Kind kind, int exitCode, String notRun) {
            return new RunOutcome(kind, steps, exitCode, me.keySent, continued, notRun, null, 0);
        }

        private String notRun(int failed, String why) {
            int total = me.commands.size();
            int rest = total - failed - 1;
            if (total <= 1 || rest <= 0) {
                return "";
            }
            return "\n[Command " + (failed + 1) + " of " + total + " " + why + ", so the remaining "
                    + rest + (rest == 1 ? " command was" : " commands were") + " not run.]";
        }
    }

    /** The command running in the shell: the object a status report and a read-on refer to. */
    private static final class RunningCommand {
        final String command;
        final Path file;
        final String id;
        final Instant startedAt = Instant.now();
        final long startedNanos = System.nanoTime();
        /** Some of its output was returned already: later answers continue it. */
        boolean answered;

        RunningCommand(String command, Path file, String id) {
            this.command = command;
            this.file = file;
            this.id = id;
        }
    }

    /**
     * A running command as {@code /server_info} shows it.
     *
     * @param command the top-level command that runs
     * @param pid     the foreground process's pid (bash's own while bash runs a builtin or loop)
     * @param waiting whether a request is waiting for its output
     */
    record CommandStatus(String command, Instant startedAt, double seconds, long pid, boolean waiting) {
    }

    /** The shell could not be used (bash could not be started again, a write to the terminal failed). */
    static final class ShellFailure extends RuntimeException {
        ShellFailure(IOException cause) {
            super(cause.getMessage(), cause);
        }
    }
}
