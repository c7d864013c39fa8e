package dev.sandpod.cli;

import dev.sandpod.client.SessionProgress;

import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;

/**
 * Shows on stderr what a session does while {@code sandpod up} waits: every change of phase or
 * conditions on its own line with the seconds elapsed, and on a terminal a spinner that keeps
 * counting in between.
 */
final class Progress implements SessionProgress, AutoCloseable {

    private static final String SPINNER = "|/-\\";
    private final PrintWriter err;
    private final boolean terminal;
    private final Instant start = Instant.now();
    private final Thread ticker;
    private volatile String phase = "Pending";
    private volatile boolean done;

    Progress(PrintWriter err, boolean terminal) {
        this.err = err;
        this.terminal = terminal;
        this.ticker = terminal ? Thread.ofPlatform().daemon().name("sandpod-progress").start(this::tick) : null;
    }

    @Override
    public synchronized void changed(String newPhase, String detail) {
        phase = newPhase;
        clearLine();
        err.printf("[%3ds] %-9s %s%n", elapsed(), newPhase, detail == null ? "" : detail);
        err.flush();
    }

    private void tick() {
        int frame = 0;
        while (!done) {
            synchronized (this) {
                if (!done) {
                    err.printf("\r%c %s %ds ", SPINNER.charAt(frame++ % SPINNER.length()), phase, elapsed());
                    err.flush();
                }
            }
            try {
                Thread.sleep(250);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private void clearLine() {
        if (terminal) {
            err.print("\r\033[K");
        }
    }

    private long elapsed() {
        return Duration.between(start, Instant.now()).toSeconds();
    }

    @Override
    public synchronized void close() {
        done = true;
        clearLine();
        err.flush();
        if (ticker != null) {
            ticker.interrupt();
        }
    }
}
