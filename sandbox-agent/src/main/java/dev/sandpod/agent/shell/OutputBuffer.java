package dev.sandpod.agent.shell;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Bytes the PTY printed since the current command was sent. Filled by the pump thread, read by
 * the thread executing the action. A command that prints without end ({@code yes}) must not
 * exhaust the agent's memory, so past {@link #LIMIT} bytes the middle is dropped: the caller only
 * ever shows the first and last 15,000 characters anyway.
 */
final class OutputBuffer {

    static final int LIMIT = 16 * 1024 * 1024;
    static final int HEAD = 256 * 1024;
    static final byte[] GAP_MARKER = "\n[... output dropped while the command was running ...]\n".getBytes(StandardCharsets.US_ASCII);

    // a lock, not a monitor: the waiting reader may be a virtual thread of the webserver
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private byte[] data = new byte[64 * 1024];
    private int length;
    private long received;
    private int scanned;
    private boolean gapped;
    private boolean closed;

    void append(byte[] bytes, int offset, int count) {
        lock.lock();
        try {
            if (length + count > LIMIT) {
                dropMiddle(count);
            }
            if (length + count > data.length) {
                data = Arrays.copyOf(data, Math.max(length + count, data.length * 2));
            }
            System.arraycopy(bytes, offset, data, length, count);
            length += count;
            received += count;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    private void dropMiddle(int incoming) {
        int keepTail = LIMIT / 2 - incoming;
        int from = HEAD;
        int to = Math.max(from, length - Math.max(0, keepTail));
        if (to <= from) {
            return;
        }
        System.arraycopy(data, to, data, from, length - to);
        length -= to - from;
        scanned = scanned >= to ? scanned - (to - from) : Math.min(scanned, from);
        gapped = true;
    }

    void close() {
        lock.lock();
        try {
            closed = true;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    boolean isClosed() {
        lock.lock();
        try {
            return closed;
        } finally {
            lock.unlock();
        }
    }

    /** Total bytes ever received; changes whenever the PTY printed something. */
    long received() {
        lock.lock();
        try {
            return received;
        } finally {
            lock.unlock();
        }
    }

    /** Forgets everything held: the next command's output starts here. */
    void clear() {
        lock.lock();
        try {
            length = 0;
            scanned = 0;
            gapped = false;
            if (data.length > 1024 * 1024) {
                data = new byte[64 * 1024];
            }
        } finally {
            lock.unlock();
        }
    }

    /** Index of {@code needle} in the held bytes, searching only bytes not searched before. */
    int search(byte[] needle) {
        lock.lock();
        try {
            int from = Math.max(0, scanned - needle.length + 1);
            int found = indexOf(needle, from);
            scanned = found >= 0 ? found : length;
            return found;
        } finally {
            lock.unlock();
        }
    }

    int indexOf(byte[] needle, int from) {
        lock.lock();
        try {
            outer:
            for (int i = Math.max(0, from); i <= length - needle.length; i++) {
                for (int j = 0; j < needle.length; j++) {
                    if (data[i + j] != needle[j]) {
                        continue outer;
                    }
                }
                return i;
            }
            return -1;
        } finally {
            lock.unlock();
        }
    }

    int size() {
        lock.lock();
        try {
            return length;
        } finally {
            lock.unlock();
        }
    }

    byte[] copy(int from, int to) {
        lock.lock();
        try {
            return Arrays.copyOfRange(data, from, to);
        } finally {
            lock.unlock();
        }
    }

    /** Removes and returns the first {@code count} held bytes, with a marker where bytes were dropped. */
    byte[] take(int count) {
        lock.lock();
        try {
            count = Math.min(count, length);
            ByteArrayOutputStream out = new ByteArrayOutputStream(count + GAP_MARKER.length);
            if (gapped && count > HEAD) {
                out.write(data, 0, HEAD);
                out.writeBytes(GAP_MARKER);
                out.write(data, HEAD, count - HEAD);
                gapped = false;
            } else {
                out.write(data, 0, count);
                gapped = gapped && count < HEAD;
            }
            System.arraycopy(data, count, data, 0, length - count);
            length -= count;
            scanned = Math.max(0, scanned - count);
            return out.toByteArray();
        } finally {
            lock.unlock();
        }
    }

    /** Waits until more than {@code knownReceived} bytes arrived, the PTY closed, or the time ran out. */
    void awaitMore(long knownReceived, long millis) throws InterruptedException {
        lock.lock();
        try {
            long deadline = System.nanoTime() + millis * 1_000_000;
            while (received == knownReceived && !closed) {
                long left = (deadline - System.nanoTime()) / 1_000_000;
                if (left <= 0) {
                    return;
                }
                changed.await(left, TimeUnit.MILLISECONDS);
            }
        } finally {
            lock.unlock();
        }
    }
}
