package dev.sandpod.agent;

import com.sun.jna.Native;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Keeps the carrier threads of virtual threads for the agent's whole life, so that it keeps
 * answering when the sandbox has used up its processes (a fork bomb against a pids limit) and no
 * thread can be created.
 *
 * <p>The JDK's scheduler drops carriers that were idle for 30 seconds and starts new ones on
 * demand; the HTTP server starts a virtual thread per connection and stops listening for good when
 * that fails with "unable to create native thread". The scheduler drops idle carriers only while
 * none is busy, though. So when the agent starts, every carrier is started at once, and then one
 * virtual thread waits in native code for ever, which keeps its carrier busy and the others alive.
 * That carrier is one more than the CPUs ({@link #reserveOne}), so as many are left for the work as
 * there would be without it.
 */
final class CarrierThreads {

    static final String PARALLELISM = "jdk.virtualThreadScheduler.parallelism";

    private CarrierThreads() {
    }

    /** Asks for one carrier more than the CPUs; only effective before the first virtual thread starts. */
    static void reserveOne() {
        if (System.getProperty(PARALLELISM) == null) {
            System.setProperty(PARALLELISM, Integer.toString(Runtime.getRuntime().availableProcessors() + 1));
        }
    }

    /** Starts every carrier, then keeps one busy for ever. */
    static void keepAlive() {
        int carriers = Integer.getInteger(PARALLELISM, Runtime.getRuntime().availableProcessors());
        CountDownLatch running = new CountDownLatch(carriers);
        for (int i = 0; i < carriers; i++) {
            // busy, not parked, until all run at once: the scheduler needs a carrier for each
            Thread.ofVirtual().name("sandpod-carrier-start").start(() -> {
                running.countDown();
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
                while (running.getCount() > 0 && System.nanoTime() < deadline) {
                    Thread.onSpinWait();
                }
            });
        }
        Thread.ofVirtual().name("sandpod-carrier-anchor").start(() -> {
            while (true) {
                Libc.sleep(3600); // a native frame: the virtual thread cannot unmount, its carrier stays busy
            }
        });
    }

    private static final class Libc {
        static {
            Native.register(Libc.class, "c");
        }

        static native int sleep(int seconds);
    }
}
