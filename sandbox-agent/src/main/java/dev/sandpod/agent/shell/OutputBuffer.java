package dev.sandpod.agent.shell;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * What the PTY printed since the running command's output was last handed to a caller. Filled by
 * the pump thread, read by the requests on the shell. Its memory is fixed whatever a command
 * prints: the first {@link #HEAD} bytes and the last {@link #TAIL} bytes are kept, the middle is
 * dropped (a caller only ever shows the first and last 15,000 characters), so {@code yes} or
 * {@code seq 1 1000000} cost the agent at most {@code HEAD + TAIL} bytes here.
 *
 * <p>Positions are logical: byte {@code i} is the i-th byte printed since the last {@link #take}
 * or {@link #clear}, whether or not it is still held.
 */
final class OutputBuffer {

    static final int HEAD = 64 * 1024;
    static final int TAIL = 256 * 1024;
    static final byte[] GAP_MARKER = "\n[... output dropped while the command was running ...]\n".getBytes(StandardCharsets.US_ASCII);

    // a lock, not a monitor: the waiting reader may be a virtual thread of the webserver
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final byte[] head = new byte[HEAD];
    private final byte[] tail = new byte[TAIL];
    private int headLength;
    private int tailStart;
    private int tailLength;
    /** Logical length: bytes printed since the last take or clear, dropped ones included. */
    private long length;
    private long received;
    private long scanned;
    private long wakeUps;
    private boolean closed;

    void append(byte[] bytes, int offset, int count) {
        lock.lock();
        try {
            appendLocked(bytes, offset, count);
            received += count;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    private void appendLocked(byte[] bytes, int offset, int count) {
        int toHead = Math.min(count, HEAD - headLength);
        if (toHead > 0 && tailLength == 0) {
            System.arraycopy(bytes, offset, head, headLength, toHead);
            headLength += toHead;
            offset += toHead;
            count -= toHead;
            length += toHead;
        }
        if (count <= 0) {
            return;
        }
        if (count >= TAIL) {
            // only the last TAIL bytes of this chunk can stay
            offset += count - TAIL;
            length += count - TAIL;
            count = TAIL;
            tailStart = 0;
            tailLength = 0;
        }
        int overflow = tailLength + count - TAIL;
        if (overflow > 0) {
            tailStart = (tailStart + overflow) % TAIL;
            tailLength -= overflow;
        }
        int end = (tailStart + tailLength) % TAIL;
        int first = Math.min(count, TAIL - end);
        System.arraycopy(bytes, offset, tail, end, first);
        System.arraycopy(bytes, offset + first, tail, 0, count - first);
        tailLength += count;
        length += count;
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

    /** Logical length of what is held, dropped bytes included. */
    long length() {
        lock.lock();
        try {
            return length;
        } finally {
            lock.unlock();
        }
    }

    /** Forgets everything held: the next command's output starts here. */
    void clear() {
        lock.lock();
        try {
            reset();
        } finally {
            lock.unlock();
        }
    }

    private void reset() {
        headLength = 0;
        tailStart = 0;
        tailLength = 0;
        length = 0;
        scanned = 0;
    }

    /** The byte at a logical position, or -1 when it was dropped. Caller holds the lock. */
    private int byteAt(long position) {
        if (position < headLength) {
            return head[(int) position] & 0xff;
        }
        long tailFrom = length - tailLength;
        if (position >= tailFrom && position < length) {
            return tail[(int) ((tailStart + (position - tailFrom)) % TAIL)] & 0xff;
        }
        return -1;
    }

    /** Index of {@code needle} in the held bytes, searching only bytes not searched before. */
    long search(byte[] needle) {
        lock.lock();
        try {
            long found = indexOfLocked(needle, Math.max(0, scanned - needle.length + 1));
            scanned = found >= 0 ? found : length;
            return found;
        } finally {
            lock.unlock();
        }
    }

    long indexOf(byte[] needle, long from) {
        lock.lock();
        try {
            return indexOfLocked(needle, from);
        } finally {
            lock.unlock();
        }
    }

    private long indexOfLocked(byte[] needle, long from) {
        if (tailLength == 0) {
            // everything is still in the head (any short output): a plain array scan
            return indexOfInHead(needle, (int) Math.max(0, from));
        }
        long tailFrom = length - tailLength;
        long position = Math.max(0, from);
        if (position >= headLength && position < tailFrom) {
            position = tailFrom;
        }
        outer:
        for (; position <= length - needle.length; position++) {
            if (position >= headLength && position < tailFrom) {
                position = tailFrom - 1;
                continue;
            }
            for (int j = 0; j < needle.length; j++) {
                if (byteAt(position + j) != (needle[j] & 0xff)) {
                    continue outer;
                }
            }
            return position;
        }
        return -1;
    }

    private int indexOfInHead(byte[] needle, int from) {
        byte first = needle[0];
        outer:
        for (int i = from; i <= headLength - needle.length; i++) {
            if (head[i] != first) {
                continue;
            }
            for (int j = 1; j < needle.length; j++) {
                if (head[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    /** The held bytes between two logical positions (both must be held, e.g. a found marker). */
    byte[] copy(long from, long to) {
        lock.lock();
        try {
            if (tailLength == 0) {
                return Arrays.copyOfRange(head, (int) Math.min(from, headLength), (int) Math.min(to, headLength));
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream((int) Math.max(0, to - from));
            for (long i = from; i < to; i++) {
                int b = byteAt(i);
                if (b >= 0) {
                    out.write(b);
                }
            }
            return out.toByteArray();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Removes and returns everything before logical position {@code upTo}, with a marker where bytes
     * were dropped; what follows it stays.
     */
    byte[] take(long upTo) {
        lock.lock();
        try {
            upTo = Math.min(Math.max(0, upTo), length);
            long tailFrom = length - tailLength;
            ByteArrayOutputStream out = new ByteArrayOutputStream((int) Math.min(upTo, HEAD + TAIL) + GAP_MARKER.length);
            out.write(head, 0, (int) Math.min(upTo, headLength));
            if (upTo > headLength) {
                if (tailFrom > headLength) {
                    out.writeBytes(GAP_MARKER);
                }
                writeTail(out, Math.max(headLength, tailFrom), upTo);
            }
            ByteArrayOutputStream rest = new ByteArrayOutputStream();
            if (upTo < headLength) {
                rest.write(head, (int) upTo, headLength - (int) upTo);
            }
            writeTail(rest, Math.max(upTo, Math.max(headLength, tailFrom)), length);
            byte[] remaining = rest.toByteArray();
            reset();
            appendLocked(remaining, 0, remaining.length);
            return out.toByteArray();
        } finally {
            lock.unlock();
        }
    }

    private void writeTail(ByteArrayOutputStream out, long from, long to) {
        long tailFrom = length - tailLength;
        for (long i = Math.max(from, tailFrom); i < to; ) {
            int index = (int) ((tailStart + (i - tailFrom)) % TAIL);
            int run = (int) Math.min(to - i, TAIL - index);
            out.write(tail, index, run);
            i += run;
        }
    }

    /** Removes and returns everything held. */
    byte[] takeAll() {
        lock.lock();
        try {
            return take(length);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Waits until more than {@code knownReceived} bytes arrived, the PTY closed, a {@link #wakeUp()},
     * or the time ran out; false only in the last case.
     */
    boolean awaitMore(long knownReceived, long millis) throws InterruptedException {
        lock.lock();
        try {
            long deadline = System.nanoTime() + millis * 1_000_000;
            long wakeUpsBefore = wakeUps;
            while (received == knownReceived && !closed && wakeUps == wakeUpsBefore) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                changed.await(left, TimeUnit.NANOSECONDS);
            }
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** Wakes waiters without new output: something else changed (a request was taken over). */
    void wakeUp() {
        lock.lock();
        try {
            wakeUps++;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }
}
