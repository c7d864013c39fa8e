package dev.sandpod.agent.shell;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OutputBufferTest {

    private static final byte[] MARK = "##MARK##".getBytes(StandardCharsets.US_ASCII);

    @Test
    void findsANeedleSplitAcrossAppends() {
        OutputBuffer buffer = new OutputBuffer();
        buffer.append("abc##MA".getBytes(StandardCharsets.US_ASCII), 0, 7);
        assertEquals(-1, buffer.search(MARK));
        buffer.append("RK##def".getBytes(StandardCharsets.US_ASCII), 0, 7);
        assertEquals(3, buffer.search(MARK));
        assertEquals("abc", new String(buffer.take(3), StandardCharsets.US_ASCII));
        assertEquals(0, buffer.search(MARK));
        assertEquals("##MARK##def", new String(buffer.takeAll(), StandardCharsets.US_ASCII));
    }

    @Test
    void endlessOutputKeepsHeadAndTailInFixedMemory() {
        OutputBuffer buffer = new OutputBuffer();
        byte[] chunk = new byte[1024 * 1024];
        for (int i = 0; i < 40; i++) {
            Arrays.fill(chunk, (byte) ('a' + i % 26));
            buffer.append(chunk, 0, chunk.length);
        }
        assertEquals(40L * chunk.length, buffer.received());
        assertEquals(40L * chunk.length, buffer.length(), "positions count every byte printed");
        byte[] all = buffer.takeAll();
        assertTrue(all.length <= OutputBuffer.HEAD + OutputBuffer.TAIL + OutputBuffer.GAP_MARKER.length, "length " + all.length);
        assertEquals('a', all[0]);
        assertEquals('a' + 39 % 26, all[all.length - 1]);
        assertTrue(new String(all, StandardCharsets.ISO_8859_1).contains("output dropped"));
        assertEquals(0, buffer.length());
    }

    @Test
    void aMarkerAfterTheGapIsFoundAndWhatFollowsItStays() {
        OutputBuffer buffer = new OutputBuffer();
        byte[] filler = new byte[OutputBuffer.HEAD + OutputBuffer.TAIL * 3];
        Arrays.fill(filler, (byte) 'x');
        buffer.append(filler, 0, filler.length);
        byte[] tail = "end##MARK##{json}".getBytes(StandardCharsets.US_ASCII);
        buffer.append(tail, 0, tail.length);
        long mark = buffer.search(MARK);
        assertEquals(filler.length + 3, mark);
        byte[] before = buffer.take(mark);
        assertTrue(new String(before, StandardCharsets.US_ASCII).endsWith("xxend"));
        assertArrayEquals("##MARK##{json}".getBytes(StandardCharsets.US_ASCII), buffer.takeAll());
    }

    @Test
    void bytesAbove0x7fAreComparedAsBytes() {
        OutputBuffer buffer = new OutputBuffer();
        byte[] text = "é ✓ ##MARK##".getBytes(StandardCharsets.UTF_8);
        buffer.append(text, 0, text.length);
        assertEquals(text.length - MARK.length, buffer.search(MARK));
        assertEquals(-1, buffer.indexOf(new byte[]{(byte) 0xff}, 0));
    }

    @Test
    void aWakeUpEndsAWaitWithoutOutput() throws Exception {
        OutputBuffer buffer = new OutputBuffer();
        java.util.concurrent.atomic.AtomicBoolean returned = new java.util.concurrent.atomic.AtomicBoolean();
        // wakes until the wait has returned: a wake-up before the wait began would not count
        Thread waker = Thread.ofVirtual().start(() -> {
            while (!returned.get()) {
                buffer.wakeUp();
                Thread.yield();
            }
        });
        boolean woken = buffer.awaitMore(buffer.received(), 600_000);
        returned.set(true);
        waker.join();
        assertTrue(woken, "the wait ended by the wake-up, not by its timeout");
    }
}
