package dev.sandpod.agent.shell;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

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

    private byte[] data = new byte[64 * 1024];
    private int length;
    private long received;
    private int scanned;
    private boolean gapped;
    private boolean closed;

    synchronized void append(byte[] bytes, int offset, int count) {
        if (length + count > LIMIT) {
            dropMiddle(count);
        }
        if (length + count > data.length) {
            data = Arrays.copyOf(data, Math.max(length + count, data.length * 2));
        }
        System.arraycopy(bytes, offset, data, length, count);
        length += count;
        received += count;
        notifyAll();
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

    synchronized void close() {
        closed = true;
        notifyAll();
    }

    synchronized boolean isClosed() {
        return closed;
    }

    /** Total bytes ever received; changes whenever the PTY printed something. */
    synchronized long received() {
        return received;
    }

    /** Forgets everything held: the next command's output starts here. */
    synchronized void clear() {
        length = 0;
        scanned = 0;
        gapped = false;
        if (data.length > 1024 * 1024) {
            data = new byte[64 * 1024];
        }
    }

    /** Index of {@code needle} in the held bytes, searching only bytes not searched before. */
    synchronized int search(byte[] needle) {
        int from = Math.max(0, scanned - needle.length + 1);
        int found = indexOf(needle, from);
        scanned = found >= 0 ? found : length;
        return found;
    }

    synchronized int indexOf(byte[] needle, int from) {
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
    }

    synchronized int size() {
        return length;
    }

    synchronized byte[] copy(int from, int to) {
        return Arrays.copyOfRange(data, from, to);
    }

    /** Removes and returns the first {@code count} held bytes, with a marker where bytes were dropped. */
    synchronized byte[] take(int count) {
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
    }

    /** Waits until more than {@code knownReceived} bytes arrived, the PTY closed, or the time ran out. */
    synchronized void awaitMore(long knownReceived, long millis) throws InterruptedException {
        long deadline = System.nanoTime() + millis * 1_000_000;
        while (received == knownReceived && !closed) {
            long left = (deadline - System.nanoTime()) / 1_000_000;
            if (left <= 0) {
                return;
            }
            wait(left);
        }
    }
}
