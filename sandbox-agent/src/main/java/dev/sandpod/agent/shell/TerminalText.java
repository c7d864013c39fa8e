package dev.sandpod.agent.shell;

import java.nio.ByteBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

/**
 * Turns what a terminal printed into text a model reads: invalid UTF-8 becomes U+FFFD, ANSI
 * escapes go, {@code \r\n} becomes {@code \n}, a line redrawn with {@code \r} (progress bars)
 * keeps only what is finally visible, and very long output keeps its head and tail.
 */
final class TerminalText {

    static final int MAX_CHARS = 30_000;
    static final String TRUNCATED = "\n[... Observation truncated due to length ...]\n";

    private static final Pattern ANSI = Pattern.compile(
            "\u001B\\[[0-?]*[ -/]*[@-~]"          // CSI: colours, cursor moves
                    + "|\u001B\\][^\u0007\u001B]*(?:\u0007|\u001B\\\\)?" // OSC: window titles, hyperlinks
                    + "|\u001B[PX^_][^\u001B]*(?:\u001B\\\\)?"         // DCS, SOS, PM, APC strings
                    + "|\u001B[()*+\\-./][ -~]"                      // character set designations
                    + "|\u001B[@-Z\\\\-_=>78]"                         // two-byte escapes
                    + "|[\u0000-\u0008\u000B\u000C\u000E-\u001A\u001C-\u001F\u007F]");

    private TerminalText() {
    }

    static String decode(byte[] bytes) {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPLACE)
                .onUnmappableCharacter(CodingErrorAction.REPLACE);
        try {
            return decoder.decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new IllegalStateException("a replacing decoder never throws", e);
        }
    }

    /** Decoded, cleaned output; not yet truncated. */
    static String clean(byte[] bytes) {
        String text = decode(bytes);
        if (text.indexOf('\u001B') >= 0 || hasControl(text)) {
            text = ANSI.matcher(text).replaceAll("");
        }
        text = text.replace("\r\n", "\n");
        if (text.indexOf('\r') >= 0) {
            text = resolveCarriageReturns(text);
        }
        return text;
    }

    private static boolean hasControl(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if ((c < 0x20 && c != '\n' && c != '\r' && c != '\t') || c == 0x7F) {
                return true;
            }
        }
        return false;
    }

    private static String resolveCarriageReturns(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (String line : text.split("\n", -1)) {
            if (!out.isEmpty()) {
                out.append('\n');
            }
            String visible = line;
            int cr = line.lastIndexOf('\r');
            while (cr >= 0 && cr == visible.length() - 1) {
                visible = visible.substring(0, cr);
                cr = visible.lastIndexOf('\r');
            }
            out.append(cr >= 0 ? visible.substring(cr + 1) : visible);
        }
        return out.toString();
    }

    /** Keeps the first and last 15,000 characters of text over 30,000, with a marker between. */
    static String truncate(String text) {
        if (text.length() <= MAX_CHARS) {
            return text;
        }
        int half = MAX_CHARS / 2;
        return text.substring(0, half) + TRUNCATED + text.substring(text.length() - half);
    }
}
