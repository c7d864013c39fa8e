package dev.sandpod.agent.files;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Text as Python's text mode reads it: strict UTF-8, universal newlines ({@code \r\n} and
 * {@code \r} become {@code \n}), and lines that keep their line ending. The OpenHands read, write
 * and editor code is built on these rules, and its line numbers depend on them.
 */
final class TextLines {

    private TextLines() {
    }

    /** Decodes strict UTF-8 and applies universal newlines. */
    static String decode(byte[] bytes) throws CharacterCodingException {
        return universalNewlines(strictUtf8().decode(ByteBuffer.wrap(bytes)).toString());
    }

    /** A UTF-8 decoder that reports malformed input instead of replacing it, as Python's strict mode does. */
    static CharsetDecoder strictUtf8() {
        return StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
    }

    static String universalNewlines(String text) {
        if (text.indexOf('\r') < 0) {
            return text;
        }
        return text.replace("\r\n", "\n").replace('\r', '\n');
    }

    /** Python's {@code readlines()} on already normalized text: each line keeps its {@code \n}. */
    static List<String> linesKeepingEnds(String text) {
        List<String> lines = new ArrayList<>();
        int from = 0;
        while (from < text.length()) {
            int newline = text.indexOf('\n', from);
            int to = newline < 0 ? text.length() : newline + 1;
            lines.add(text.substring(from, to));
            from = to;
        }
        return lines;
    }

    /** The number of lines Python counts when iterating over the file. */
    static int countLines(String text) {
        int count = 0;
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) == '\n') {
                count++;
            }
        }
        return text.isEmpty() || text.endsWith("\n") ? count : count + 1;
    }

    /** Python's {@code str.split('\n')}: always at least one element, empty pieces kept. */
    static List<String> splitOnNewline(String text) {
        List<String> parts = new ArrayList<>();
        int from = 0;
        while (true) {
            int newline = text.indexOf('\n', from);
            if (newline < 0) {
                parts.add(text.substring(from));
                return parts;
            }
            parts.add(text.substring(from, newline));
            from = newline + 1;
        }
    }

    /** Python's {@code str.splitlines()}: line boundaries dropped, no trailing empty line. */
    static List<String> splitLines(String text) {
        List<String> lines = new ArrayList<>();
        int start = 0;
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (isLineBoundary(c)) {
                lines.add(text.substring(start, i));
                if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
                    i++;
                }
                start = i + 1;
            }
            i++;
        }
        if (start < text.length()) {
            lines.add(text.substring(start));
        }
        return lines;
    }

    private static boolean isLineBoundary(char c) {
        return c == '\n' || c == '\r' || c == '\u000b' || c == '\u000c' || c == '\u001c' || c == '\u001d'
                || c == '\u001e' || c == '\u0085' || c == '\u2028' || c == '\u2029';
    }
}
