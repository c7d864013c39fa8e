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
