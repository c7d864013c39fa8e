package dev.sandpod.agent.shell;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TerminalTextTest {

    @Test
    void invalidUtf8BecomesReplacementCharacter() {
        assertEquals("a\uFFFDb", TerminalText.clean(new byte[]{'a', (byte) 0xff, 'b'}));
    }

    @Test
    void crlfIsNormalised() {
        assertEquals("one\ntwo\n", TerminalText.clean("one\r\ntwo\r\n".getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void ansiEscapesAreStripped() {
        String colored = "\u001B[1;32mgreen\u001B[0m \u001B]0;title\u0007text\u001B(B\u0007";
        assertEquals("green text", TerminalText.clean(colored.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void carriageReturnsKeepWhatIsFinallyVisible() {
        assertEquals("100%\ndone", TerminalText.clean("10%\r50%\r100%\r\ndone".getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void longTextKeepsHeadAndTail() {
        String text = "h".repeat(20_000) + "middle" + "t".repeat(20_000);
        String truncated = TerminalText.truncate(text);
        assertEquals(30_000 + TerminalText.TRUNCATED.length(), truncated.length());
        assertTrue(truncated.startsWith("h".repeat(15_000) + "\n[... Observation truncated due to length ...]\n"));
        assertTrue(truncated.endsWith("t".repeat(15_000)));
        assertEquals("short", TerminalText.truncate("short"));
    }
}
