package dev.sandpod.agent.shell;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sandpod.agent.ActionContext;
import dev.sandpod.agent.ActionExecutor;
import dev.sandpod.agent.WireDialect;
import dev.sandpod.api.agent.Action;
import dev.sandpod.api.agent.ActionTypes;
import dev.sandpod.api.agent.Observation;

import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The {@code run} action: reads the arguments, lets the {@link Shell} run the request, and
 * answers in the request's wire dialect ({@link CmdOutput2024}, {@link CmdOutput2025}). What a
 * timeout does follows the dialect: the 2024 server interrupted a blocking command at its timeout,
 * the 2025 server leaves it running; a request with no timeout waits at most the agent's
 * {@code --max-wait} and leaves the command running.
 */
public final class BashExecutor implements ActionExecutor, AutoCloseable {

    private static final System.Logger LOG = System.getLogger(BashExecutor.class.getName());

    private final Shell shell;
    private final Duration noChangeTimeout;
    private final Duration maxWait;

    public BashExecutor(ShellLaunch launch, ShellContext context, Duration noChangeTimeout, Duration maxWait) throws IOException {
        this.shell = new Shell(launch, context);
        this.noChangeTimeout = noChangeTimeout;
        this.maxWait = maxWait;
    }

    @Override
    public String type() {
        return ActionTypes.RUN;
    }

    @Override
    public Observation execute(Action action) {
        return execute(action, ActionContext.DEFAULT);
    }

    @Override
    public Observation execute(Action action, ActionContext context) {
        JsonNode args = action.args();
        JsonNode commandArg = args.path("command");
        if (!commandArg.isMissingNode() && !commandArg.isNull() && !commandArg.isTextual()) {
            return Observation.error("ERROR: args.command must be a string, got " + commandArg.getNodeType().name().toLowerCase(Locale.ROOT)
                    + ". Send the bash command as text, e.g. {\"command\": \"ls -la\"}.");
        }
        String sent = commandArg.asText("");
        String command = sent.strip();
        boolean isInput = args.path("is_input").asBoolean(false);
        boolean blocking = args.path("blocking").asBoolean(false);
        boolean hidden = args.path("hidden").asBoolean(false);
        Double timeout = action.timeout() != null ? action.timeout()
                : args.path("timeout").isNumber() ? args.get("timeout").asDouble() : null;
        if (timeout != null && (timeout <= 0 || timeout.isNaN() || timeout.isInfinite())) {
            timeout = null;
        }
        ControlKey key = ControlKey.parse(command).orElse(null);
        RunRequest.Kind kind = command.isEmpty() ? RunRequest.Kind.EMPTY
                : key != null ? RunRequest.Kind.KEY
                : isInput ? RunRequest.Kind.INPUT : RunRequest.Kind.COMMAND;
        boolean legacy = context.dialect() == WireDialect.OPENHANDS_2024;
        RunRequest request = new RunRequest(kind, command, key, policy(kind, blocking, timeout, legacy),
                !legacy, context.clientGone());
        RunOutcome outcome;
        try {
            outcome = shell.run(request);
        } catch (Shell.ShellFailure e) {
            LOG.log(System.Logger.Level.ERROR, "the shell failed", e);
            return Observation.error("ERROR: the shell could not be used: " + e.getMessage());
        }
        double quoted = timeout != null ? timeout : maxWait.toSeconds();
        return legacy
                ? CmdOutput2024.render(outcome, sent, hidden, args.path("keep_prompt").asBoolean(true), quoted)
                : CmdOutput2025.render(outcome, command, hidden, noChangeTimeout.toSeconds(), quoted);
    }

    /**
     * When the request stops waiting. Both servers return a non-blocking command after a quiet
     * spell (no-change timeout) and let it run on. At the action's timeout the 2025 server returns
     * and lets it run on; the 2024 server interrupted a blocking command, while a read-on and a key
     * there never interrupted (its "continue" used the soft timeout).
     */
    private RunRequest.WaitPolicy policy(RunRequest.Kind kind, boolean blocking, Double timeout, boolean legacy) {
        boolean legacyReadOn = legacy && kind != RunRequest.Kind.COMMAND;
        Duration noChange = blocking && !legacyReadOn ? null : noChangeTimeout;
        Duration hard = timeout == null ? null : Duration.ofNanos((long) (timeout * 1e9));
        boolean interrupt = legacy && blocking && kind == RunRequest.Kind.COMMAND && hard != null;
        return new RunRequest.WaitPolicy(noChange, hard, interrupt, maxWait);
    }

    /** The running command for {@code /server_info}: null when none runs. */
    public Map<String, Object> status() {
        return shell.status().map(running -> {
            Map<String, Object> status = new LinkedHashMap<>();
            status.put("pid", running.pid());
            status.put("started_at", running.startedAt().toString());
            status.put("running_seconds", Math.round(running.seconds() * 1000) / 1000.0);
            status.put("waiting_request", running.waiting());
            return status;
        }).orElse(null);
    }

    @Override
    public void close() {
        shell.close();
    }
}
