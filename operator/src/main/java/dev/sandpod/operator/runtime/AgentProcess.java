package dev.sandpod.operator.runtime;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * One agent process of the process runtime: started by this operator (its exit code is known) or
 * adopted from a pid file after a restart (only whether it lives is known).
 */
final class AgentProcess {

    private static final Duration GRACE = Duration.ofSeconds(3);

    private final ProcessHandle handle;
    private final Process process;
    private final int port;

    private AgentProcess(ProcessHandle handle, Process process, int port) {
        this.handle = handle;
        this.process = process;
        this.port = port;
    }

    static AgentProcess started(Process process, int port) {
        return new AgentProcess(process.toHandle(), process, port);
    }

    /** The agent a pid file names, when that very process still runs. */
    static Optional<AgentProcess> adopt(AgentPidFile recorded) {
        return ProcessHandle.of(recorded.pid())
                .filter(ProcessHandle::isAlive)
                .filter(h -> startMillis(h).map(start -> Math.abs(start - recorded.startMillis()) < 1000).orElse(false))
                .map(h -> new AgentProcess(h, null, recorded.port()));
    }

    static Optional<Long> startMillis(ProcessHandle handle) {
        return handle.info().startInstant().map(Instant::toEpochMilli);
    }

    long pid() {
        return handle.pid();
    }

    int port() {
        return port;
    }

    boolean isAlive() {
        return handle.isAlive();
    }

    /** The exit code when this operator started the agent and it has exited; else null. */
    Long exitCode() {
        return process == null || process.isAlive() ? null : (long) process.exitValue();
    }

    /**
     * Ends the agent and everything it started (its shell, the user's commands): SIGTERM first, then
     * SIGKILL after a grace period. The tree is taken before anything dies, because orphans are
     * re-parented and no longer show up as descendants.
     */
    void killTree() {
        List<ProcessHandle> tree = new ArrayList<>();
        tree.add(handle);
        handle.descendants().forEach(tree::add);
        tree.forEach(ProcessHandle::destroy);
        if (!awaitExit(tree, GRACE)) {
            // an interactive bash ignores SIGTERM; late children of the dying processes are caught here too
            List<ProcessHandle> rest = new ArrayList<>();
            tree.stream().filter(ProcessHandle::isAlive).forEach(p -> {
                rest.add(p);
                p.descendants().forEach(rest::add);
            });
            rest.forEach(ProcessHandle::destroyForcibly);
            awaitExit(rest, GRACE);
        }
    }

    private static boolean awaitExit(List<ProcessHandle> processes, Duration timeout) {
        try {
            CompletableFuture.allOf(processes.stream().map(ProcessHandle::onExit).toArray(CompletableFuture[]::new))
                    .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (Exception e) {
            return false;
        }
    }
}
