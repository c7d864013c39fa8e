package dev.sandpod.cluster;

import java.time.Duration;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Waits on a condition, never on the clock: generous limits, since a loaded two-core CI machine
 * is several times slower than a quiet one, and the last value seen in the failure message.
 */
final class Await {

    static final Duration DEFAULT = Duration.ofMinutes(3);

    private Await() {
    }

    static <T> T until(String what, Supplier<T> supplier, Predicate<T> done) {
        return until(what, DEFAULT, supplier, done);
    }

    static <T> T until(String what, Duration timeout, Supplier<T> supplier, Predicate<T> done) {
        long deadline = System.nanoTime() + timeout.toNanos();
        T last = null;
        RuntimeException failure = null;
        while (true) {
            try {
                last = supplier.get();
                failure = null;
                if (last != null && done.test(last)) {
                    return last;
                }
            } catch (RuntimeException e) {
                failure = e; // an API call that failed once (e.g. during an operator restart) is retried
            }
            if (System.nanoTime() > deadline) {
                AssertionError error = new AssertionError("timed out after " + timeout.toSeconds() + " s waiting for " + what
                        + "; last seen: " + last);
                if (failure != null) {
                    error.initCause(failure);
                }
                throw error;
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted waiting for " + what, e);
            }
        }
    }
}
