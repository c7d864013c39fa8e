package dev.sandpod.agent.shell;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OutputBufferTest {

    @Test
    void findsANeedleSplitAcrossAppends() {
        OutputBuffer buffer = new OutputBuffer();
        buffer.append("abc##MA".getBytes(StandardCharsets.US_ASCII), 0, 7);
        assertEquals(-1, buffer.search("##MARK##".getBytes(StandardCharsets.US_ASCII)));
        buffer.append("RK##def".getBytes(StandardCharsets.US_ASCII), 0, 7);
        assertEquals(3, buffer.search("##MARK##".getBytes(StandardCharsets.US_ASCII)));
        assertEquals("abc", new String(buffer.take(3), StandardCharsets.US_ASCII));
        assertEquals(0, buffer.search("##MARK##".getBytes(StandardCharsets.US_ASCII)));
    }

    @Test
    void endlessOutputKeepsHeadAndTailWithinTheLimit() {
        OutputBuffer buffer = new OutputBuffer();
        byte[] chunk = new byte[1024 * 1024];
        for (int i = 0; i < 40; i++) {
            java.util.Arrays.fill(chunk, (byte) ('a' + i % 26));
            buffer.append(chunk, 0, chunk.length);
        }
        assertTrue(buffer.size() <= OutputBuffer.LIMIT, "size " + buffer.size());
        assertEquals(40L * chunk.length, buffer.received());
        byte[] all = buffer.take(buffer.size());
        assertEquals('a', all[0]);
        assertEquals('a' + 39 % 26, all[all.length - 1]);
        assertTrue(new String(all, StandardCharsets.ISO_8859_1).contains("output dropped"));
    }
}
