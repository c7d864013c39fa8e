package dev.sandpod.agent;

import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * What the status endpoints report: when the agent started, when the last action ran, and
 * whether start-up finished (the shell is up and the executors are in place).
 */
public final class AgentState {

    private final long startedNanos = System.nanoTime();
    private final AtomicLong lastActionNanos = new AtomicLong(startedNanos);
    private final AtomicReference<ActionDispatcher> dispatcher = new AtomicReference<>();
    private volatile DialectChooser dialects = new DialectChooser(null);
    private volatile Supplier<Map<String, Object>> shellStatus = () -> null;

    /** Start-up is done; actions go to this dispatcher from now on. */
    public void ready(ActionDispatcher ready) {
        dispatcher.set(ready);
    }

    public boolean isReady() {
        return dispatcher.get() != null;
    }

    /** The dispatcher, or null while the agent is still starting. */
    ActionDispatcher dispatcher() {
        return dispatcher.get();
    }

    /** The agent's {@code --dialect}: null chooses per request. */
    void dialect(WireDialect forced) {
        dialects = new DialectChooser(forced);
    }

    DialectChooser dialects() {
        return dialects;
    }

    /** What {@code /server_info} reports about the shell (its running command); null before the shell runs. */
    void shellStatus(Supplier<Map<String, Object>> status) {
        shellStatus = status;
    }

    Map<String, Object> shellStatus() {
        return shellStatus.get();
    }

    void actionRan() {
        lastActionNanos.set(System.nanoTime());
    }

    double uptimeSeconds() {
        return (System.nanoTime() - startedNanos) / 1e9;
    }

    double idleSeconds() {
        return (System.nanoTime() - lastActionNanos.get()) / 1e9;
    }
}
