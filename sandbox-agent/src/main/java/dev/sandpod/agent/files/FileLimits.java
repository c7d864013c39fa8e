package dev.sandpod.agent.files;

import java.util.Locale;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * How much file content the agent holds in memory, so that no file, however large, can exhaust its
 * heap (the agent exits on an out-of-memory error, and the sandbox with it).
 *
 * <p>One action holds at most {@link #MAX_BYTES} of a file: 1/32 of the agent's maximum heap in
 * whole MiB, between 1 MiB and 10 MiB (openhands-aci's editor limit). Working on text takes several times the
 * file's size (bytes, decoded text, the edited copy, the diff), so actions on files over
 * {@value #LARGE_BYTES} bytes take turns; smaller ones run side by side. Downloads and uploads
 * stream and are not limited; {@code read} of a line range streams through files of any size.
 */
final class FileLimits {

    static final long MAX_BYTES = maxBytes(Runtime.getRuntime().maxMemory());
    static final long LARGE_BYTES = 1024 * 1024;

    private static final Semaphore LARGE = new Semaphore(1, true);

    private FileLimits() {
    }

    static long maxBytes(long maxHeap) {
        long mebibytes = Math.round(maxHeap / 32.0 / (1024 * 1024));
        return Math.max(1, Math.min(10, mebibytes)) * 1024 * 1024;
    }

    /** {@code 2.5 MiB}, {@code 512 KiB}, {@code 100 bytes}. */
    static String describe(long bytes) {
        if (bytes >= 1024 * 1024) {
            return String.format(Locale.ROOT, "%.1f MiB", bytes / 1024.0 / 1024.0).replace(".0 ", " ");
        }
        if (bytes >= 1024) {
            return String.format(Locale.ROOT, "%.1f KiB", bytes / 1024.0).replace(".0 ", " ");
        }
        return bytes + " bytes";
    }

    /** A turn for working on {@code bytes} of a file in memory; close it when done. */
    static Turn turnFor(long bytes) throws InterruptedException, BusyException {
        if (bytes <= LARGE_BYTES) {
            return () -> { };
        }
        if (!LARGE.tryAcquire(UserFileAccess.DEADLINE.toSeconds(), TimeUnit.SECONDS)) {
            throw new BusyException();
        }
        return LARGE::release;
    }

    /** Held while working on a file in memory. */
    interface Turn extends AutoCloseable {
        @Override
        void close();
    }

    /** Other large file actions kept this one waiting too long. */
    static final class BusyException extends Exception {
        BusyException() {
            super("Other actions on large files kept this one waiting for " + UserFileAccess.DEADLINE.toSeconds()
                    + " s; retry.");
        }
    }
}
