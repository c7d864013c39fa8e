package dev.sandpod.agent.shell;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sandpod.agent.ActionExecutor;
import dev.sandpod.api.agent.Action;
import dev.sandpod.api.agent.ActionTypes;
import dev.sandpod.api.agent.Observation;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The {@code run} action on the one persistent shell, with the OpenHands semantics: soft and hard
 * timeouts, continuing a running command with an empty command, input and control keys for it,
 * several top-level commands run in turn until one fails, a dead shell restarted. Actions are
 * serialized by this object's lock; nothing else in the agent waits for it.
 */
public final class BashExecutor implements ActionExecutor, AutoCloseable {

    private static final System.Logger LOG = System.getLogger(BashExecutor.class.getName());
    /** A blocking command without a timeout still gets one, so no HTTP request hangs forever. */
    static final double DEFAULT_BLOCKING_TIMEOUT_SECONDS = 120;
    private static final Duration AFTER_INTERRUPT = Duration.ofSeconds(5);

    private final ShellLaunch launch;
    private final ShellContext context;
    private final Duration noChangeTimeout;
    private final CommandDelivery commandDelivery;
    private final AtomicLong commandIds = new AtomicLong();
    private final ReentrantLock lock = new ReentrantLock();
    private ShellSession shell;
    private boolean running;

    public BashExecutor(ShellLaunch launch, ShellContext context, Duration noChangeTimeout) throws IOException {
        this.launch = launch;
        this.context = context;
        this.noChangeTimeout = noChangeTimeout;
        this.commandDelivery = new CommandDelivery();
        this.shell = ShellSession.start(launch);
        context.moveTo(shell.lastPrompt().workingDir());
    }

    @Override
    public String type() {
        return ActionTypes.RUN;
    }

    @Override
    public Observation execute(Action action) {
        // a lock, not synchronized: waiting callers must not pin the webserver's carrier threads
        lock.lock();
        try {
            return executeLocked(action);
        } finally {
            lock.unlock();
        }
    }

    private Observation executeLocked(Action action) {
        JsonNode commandArg = action.args().path("command");
        if (!commandArg.isMissingNode() && !commandArg.isNull() && !commandArg.isTextual()) {
            return Observation.error("ERROR: args.command must be a string, got " + commandArg.getNodeType().name().toLowerCase(java.util.Locale.ROOT)
                    + ". Send the bash command as text, e.g. {\"command\": \"ls -la\"}.");
        }
        String command = commandArg.asText("").strip();
        boolean isInput = action.args().path("is_input").asBoolean(false);
        boolean blocking = action.args().path("blocking").asBoolean(false);
        Double timeout = action.timeout() != null ? action.timeout()
                : action.args().hasNonNull("timeout") ? action.args().get("timeout").asDouble() : null;
        if (timeout != null && (timeout <= 0 || timeout.isNaN() || timeout.isInfinite())) {
            timeout = null;
        }
        if (blocking && timeout == null) {
            timeout = DEFAULT_BLOCKING_TIMEOUT_SECONDS;
        }
        Run run = new Run(command, commandIds.incrementAndGet(), blocking, timeout, System.nanoTime());
        try {
            String restarted = ensureShell();
            return restarted.isEmpty() ? dispatch(run, isInput) : withPrefix(dispatch(run, isInput), restarted);
        } catch (IOException e) {
            LOG.log(System.Logger.Level.ERROR, "the shell failed", e);
            return Observation.error("ERROR: the shell could not be used: " + e.getMessage());
        }
    }

    private Observation dispatch(Run run, boolean isInput) throws IOException {
        ControlKey key = ControlKey.parse(run.command).orElse(null);
        if (!running) {
            if (run.command.isEmpty()) {
                return run.observe(RunObservations.NO_RUNNING_LOGS, PromptMetadata.UNKNOWN, -1, "", "");
            }
            if (isInput) {
                return run.observe(RunObservations.NO_RUNNING_INPUT, PromptMetadata.UNKNOWN, -1, "", "");
            }
            if (key != null) {
                return run.observe("", PromptMetadata.UNKNOWN, -1, "",
                        "\n[No command is running, so " + key.label() + " was not sent.]");
            }
            return runCommands(run);
        }
        if (!isInput && key == null && !run.command.isEmpty()) {
            if (!pollCompleted()) {
                String output = TerminalText.clean(shell.takeOutput()).stripTrailing();
                return run.observe(output, PromptMetadata.UNKNOWN, -1, RunObservations.CONTINUE_PREFIX,
                        RunObservations.notExecuted(run.command));
            }
            return runCommands(run);
        }
        if (key != null) {
            shell.send(new byte[]{key.controlByte()});
        } else if (isInput) {
            shell.send(run.command + "\n");
        }
        return finish(run, await(run), key, RunObservations.CONTINUE_PREFIX, "");
    }

    /** Whether a command that was still running has since shown its prompt; its output is dropped. */
    private boolean pollCompleted() {
        if (!running) {
            return false;
        }
        ShellOutcome outcome = shell.poll();
        if (outcome != null) {
            running = false;
            context.moveTo(outcome.metadata().workingDir());
            return true;
        }
        return false;
    }

    private Observation runCommands(Run run) throws IOException {
        List<String> commands = CommandSplitter.split(run.command);
        if (commands.isEmpty()) {
            commands = List.of(run.command);
        }
        StringBuilder output = new StringBuilder();
        for (int i = 0; i < commands.size(); i++) {
            shell.clearOutput();
            Path file = commandDelivery.send(shell, commands.get(i));
            running = true;
            ShellOutcome outcome = await(run);
            commandDelivery.delete(file);
            Observation observation = finish(run, outcome, null, "", output.toString());
            boolean last = i == commands.size() - 1;
            int exitCode = (Integer) observation.extras().get("exit_code");
            if (last || outcome.kind() != ShellOutcome.Kind.COMPLETED || exitCode != 0) {
                return last ? observation : withSuffix(observation, notRun(commands, i, outcome.kind(), exitCode));
            }
            output.setLength(0);
            if (!observation.content().isEmpty()) {
                output.append(observation.content()).append('\n');
            }
        }
        throw new IllegalStateException("unreachable: the last command returns");
    }

    private static String notRun(List<String> commands, int failed, ShellOutcome.Kind kind, int exitCode) {
        int rest = commands.size() - failed - 1;
        String why = kind == ShellOutcome.Kind.COMPLETED ? "exited with code " + exitCode : "did not complete";
        return "\n[Command " + (failed + 1) + " of " + commands.size() + " " + why + ", so the remaining "
                + rest + (rest == 1 ? " command was" : " commands were") + " not run.]";
    }

    private ShellOutcome await(Run run) {
        Duration noChange = run.blocking ? null : noChangeTimeout;
        // the hard timeout covers the whole action, all of its commands together
        Duration hard = run.timeout == null ? null
                : Duration.ofNanos(Math.max(0, (long) (run.timeout * 1e9) - (System.nanoTime() - run.started)));
        return shell.await(noChange, hard);
    }

    private Observation finish(Run run, ShellOutcome outcome, ControlKey key, String prefix, String earlier) throws IOException {
        String output = earlier + commandDelivery.withoutEcho(TerminalText.clean(outcome.output()));
        switch (outcome.kind()) {
            case COMPLETED -> {
                running = false;
                context.moveTo(outcome.metadata().workingDir());
                int exit = outcome.metadata().exitCode();
                return run.observe(output.stripTrailing(), outcome.metadata(), exit, prefix, RunObservations.completed(exit, key));
            }
            case NO_CHANGE_TIMEOUT -> {
                return run.observe(output.stripTrailing(), PromptMetadata.UNKNOWN, -1, prefix,
                        RunObservations.noChange(noChangeTimeout.toSeconds()));
            }
            case HARD_TIMEOUT -> {
                shell.send(new byte[]{ControlKey.parse("C-c").orElseThrow().controlByte()});
                ShellOutcome after = shell.await(null, AFTER_INTERRUPT);
                if (after.kind() == ShellOutcome.Kind.SHELL_EXITED) {
                    return finish(run, after, key, prefix, output);
                }
                output = output + TerminalText.clean(after.output());
                boolean done = after.kind() == ShellOutcome.Kind.COMPLETED;
                if (done) {
                    running = false;
                    context.moveTo(after.metadata().workingDir());
                }
                return run.observe(output.stripTrailing(), after.metadata(), done ? after.metadata().exitCode() : -1,
                        prefix, RunObservations.hardTimeout(run.timeout));
            }
            case SHELL_EXITED -> {
                running = false;
                String directory = restart();
                return run.observe(output.stripTrailing(), PromptMetadata.UNKNOWN, outcome.exitCode(), prefix,
                        RunObservations.shellRestarted(outcome.exitCode(), directory));
            }
            default -> throw new IllegalStateException("unknown outcome " + outcome.kind());
        }
    }

    /** Restarts a shell that died between actions; returns the note for the caller, or "". */
    private String ensureShell() throws IOException {
        if (shell.isAlive()) {
            return "";
        }
        running = false;
        String directory = restart();
        return "[The shell had exited and was restarted in " + directory
                + "; variables, functions and options set in the old shell are gone.]\n";
    }

    private String restart() throws IOException {
        Path directory = context.currentDirectory();
        if (directory == null || !Files.isDirectory(directory)) {
            directory = launch.workingDir();
        }
        shell.close();
        LOG.log(System.Logger.Level.WARNING, "bash exited; starting a new one in {0}", directory);
        shell = ShellSession.start(launch.in(directory));
        context.moveTo(shell.lastPrompt().workingDir());
        return directory.toString();
    }

    private static Observation withPrefix(Observation observation, String note) {
        return edit(observation, "prefix", note, true);
    }

    private static Observation withSuffix(Observation observation, String note) {
        return edit(observation, "suffix", note, false);
    }

    @SuppressWarnings("unchecked")
    private static Observation edit(Observation observation, String field, String note, boolean before) {
        if (observation.isError()) {
            return new Observation(observation.observation(), before ? note + observation.content() : observation.content() + note, observation.extras());
        }
        var metadata = (java.util.Map<String, Object>) observation.extras().get("metadata");
        String current = (String) metadata.get(field);
        metadata.put(field, before ? note + current : current + note);
        return observation;
    }

    @Override
    public void close() {
        lock.lock();
        try {
            shell.close();
            commandDelivery.close();
        } finally {
            lock.unlock();
        }
    }

    /** One run action being executed. */
    private record Run(String command, long id, boolean blocking, Double timeout, long started) {
        Observation observe(String content, PromptMetadata prompt, int exitCode, String prefix, String suffix) {
            return RunObservations.run(command, id, content, prompt, exitCode, prefix, suffix);
        }
    }
}
