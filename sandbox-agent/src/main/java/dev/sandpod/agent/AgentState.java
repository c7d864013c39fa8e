package dev.sandpod.agent;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * What the status endpoints report: when the agent started, when the last action ran, and
 * whether start-up finished (the shell is up and the executors are in place).
 */
public final class AgentState {

    private final long startedNanos = System.nanoTime();
    private final AtomicLong lastActionNanos = new AtomicLong(startedNanos);
    private final AtomicReference<ActionDispatcher> dispatcher = new AtomicReference<>();

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
