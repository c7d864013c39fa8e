package dev.sandpod.operator.it;

import java.time.Duration;
import java.util.function.Predicate;
import java.util.function.Supplier;

/** Polls until a condition holds; generous timeouts since the test machines are loaded. */
final class Eventually {

    static final Duration TIMEOUT = Duration.ofSeconds(45);

    private Eventually() {
    }

    static <T> T await(String what, Supplier<T> supplier, Predicate<T> done) {
        return await(what, TIMEOUT, supplier, done);
    }

    static <T> T await(String what, Duration timeout, Supplier<T> supplier, Predicate<T> done) {
        long deadline = System.nanoTime() + timeout.toNanos();
        T last = null;
        while (System.nanoTime() < deadline) {
            last = supplier.get();
            if (last != null && done.test(last)) {
                return last;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted waiting for " + what, e);
            }
        }
        throw new AssertionError("timed out after " + timeout.toSeconds() + "s waiting for " + what + "; last seen: " + last);
    }
}
