package dev.sandpod.agent.files;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class LineRangeTest {

    private static final List<String> LINES = List.of("a\n", "b\n", "c\n", "d\n", "e\n");

    @Test
    void readsWholeFileByDefault() {
        assertEquals(LINES, LineRange.read(LINES, 0, -1));
    }

    @Test
    void readsFromStartToEndExclusive() {
        assertEquals(List.of("b\n", "c\n"), LineRange.read(LINES, 1, 3));
        assertEquals(List.of("c\n", "d\n", "e\n"), LineRange.read(LINES, 2, -1));
    }

    @Test
    void clampsOutOfRangeValuesAsOpenHandsDoes() {
        assertEquals(List.of("b\n", "c\n", "d\n", "e\n"), LineRange.read(LINES, 1, 99));
        assertEquals(List.of(), LineRange.read(LINES, 99, -1));
        // start past the end with an end given: OpenHands still returns the second-to-last line
        assertEquals(List.of("d\n"), LineRange.read(LINES, 99, 2));
        assertEquals(List.of("a\n"), LineRange.read(LINES, 0, 0));
        assertEquals(List.of(), LineRange.read(List.of(), 0, 5));
    }

    /** OpenHands' read_lines on a list, as Python slices it: the reference for the streaming selection. */
    private static List<String> pythonReadLines(List<String> lines, int start, int end) {
        int count = lines.size();
        start = Math.min(Math.max(start, 0), count);
        if (end == -1) {
            return LineRange.slice(lines, start, null);
        }
        end = Math.min(Math.max(end, 0), count);
        int begin = Math.max(0, Math.min(start, count - 2));
        return LineRange.slice(lines, begin, Math.max(begin + 1, end));
    }

    @Test
    void streamingSelectionMatchesPythonSlicesForEveryRange() throws Exception {
        for (int count = 0; count <= 6; count++) {
            List<String> lines = new java.util.ArrayList<>();
            for (int i = 0; i < count; i++) {
                lines.add("l" + i + (i % 2 == 0 ? "\r\n" : "\n"));
            }
            String text = String.join("", lines);
            List<String> normalized = TextLines.linesKeepingEnds(TextLines.universalNewlines(text));
            for (int start = -2; start <= count + 2; start++) {
                for (int end = -2; end <= count + 2; end++) {
                    assertEquals(pythonReadLines(normalized, start, end),
                            LineRange.select(new java.io.StringReader(text), start, end, Long.MAX_VALUE, Long.MAX_VALUE),
                            count + " lines, start " + start + ", end " + end);
                }
            }
        }
    }

    @Test
    void selectionStopsReadingOnceTheRangeIsKnownAndRefusesTooMuch() throws Exception {
        java.io.Reader endless = new java.io.Reader() {
            @Override
            public int read(char[] buffer, int offset, int length) {
                java.util.Arrays.fill(buffer, offset, offset + length, 'x');
                buffer[offset + length - 1] = '\n';
                return length;
            }

            @Override
            public void close() {
            }
        };
        assertEquals(2, LineRange.select(endless, 5, 7, 1 << 20, Long.MAX_VALUE).size());
        org.junit.jupiter.api.Assertions.assertThrows(LineRange.SelectionTooLargeException.class,
                () -> LineRange.select(endless, 0, -1, 1 << 20, Long.MAX_VALUE));
        // a line longer than the limit, even one that is not selected, is never held whole
        org.junit.jupiter.api.Assertions.assertThrows(LineRange.SelectionTooLargeException.class,
                () -> LineRange.select(new java.io.StringReader("y".repeat(5000)), 0, 1, 1000, Long.MAX_VALUE));
        assertEquals(List.of("ab\n"), LineRange.select(new java.io.StringReader("ab\n" + "y".repeat(5000) + "\nc"), 0, 1, 1000, Long.MAX_VALUE));
        // a range too deep to reach in time gives up
        org.junit.jupiter.api.Assertions.assertThrows(LineRange.SlowReadException.class,
                () -> LineRange.select(endless, 1_000_000_000, 1_000_000_001, 1000, System.nanoTime() + 50_000_000L));
    }

    @Test
    void theMemoryLimitFollowsTheHeap() {
        long mib = 1024 * 1024;
        assertEquals(1 * mib, FileLimits.maxBytes(16 * mib));
        assertEquals(2 * mib, FileLimits.maxBytes(62 * mib));
        assertEquals(4 * mib, FileLimits.maxBytes(128 * mib));
        assertEquals(10 * mib, FileLimits.maxBytes(8L * 1024 * mib));
        assertEquals("2 MiB", FileLimits.describe(2 * mib));
        assertEquals("1.5 KiB", FileLimits.describe(1536));
    }

    @Test
    void insertReplacesTheRangeAndEndsEveryLine() {
        assertEquals("a\nX\nY\nd\ne\n", String.join("", LineRange.insert(List.of("X", "Y"), LINES, 1, 3)));
        assertEquals("X\n", String.join("", LineRange.insert(List.of("X"), LINES, 0, -1)));
        assertEquals("X\nc\nd\ne\n", String.join("", LineRange.insert(List.of("X"), LINES, 0, 2)));
        assertEquals("a\nb\nX\n", String.join("", LineRange.insert(List.of("X"), LINES, 2, -1)));
    }

    @Test
    void slicesLikePython() {
        assertEquals(List.of("d\n", "e\n"), LineRange.slice(LINES, -2, null));
        assertEquals(List.of("a\n", "b\n", "c\n"), LineRange.slice(LINES, null, -2));
        assertEquals(List.of(), LineRange.slice(LINES, 4, 2));
    }

    @Test
    void textFollowsPythonTextMode() throws Exception {
        assertEquals("a\nb\nc", TextLines.decode("a\r\nb\rc".getBytes()));
        assertEquals(List.of("a\n", "b"), TextLines.linesKeepingEnds("a\nb"));
        assertEquals(2, TextLines.countLines("a\nb"));
        assertEquals(2, TextLines.countLines("a\nb\n"));
        assertEquals(0, TextLines.countLines(""));
        assertEquals(List.of("a", "b", ""), TextLines.splitOnNewline("a\nb\n"));
        assertEquals(List.of("a", "b"), TextLines.splitLines("a\nb\n"));
    }

    @Test
    void pathsAreSpelledAsPathlibSpellsThem() {
        assertEquals("/w/x/y", FilePaths.resolve("./x//y/", java.nio.file.Path.of("/w")));
        assertEquals("/w/../x", FilePaths.resolve("../x", java.nio.file.Path.of("/w")));
        assertEquals("/abs", FilePaths.resolve("/abs/.", java.nio.file.Path.of("/w")));
        assertEquals("/", FilePaths.normalize("///"));
    }
}
