package dev.sandpod.agent.files;

import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.List;

/**
 * The line-range rules of the OpenHands {@code read} and {@code write} actions
 * ({@code read_lines} and {@code insert_lines} in {@code openhands/runtime/utils/files.py}),
 * including their Python slice semantics, so that a range means here what it means there.
 */
final class LineRange {

    private LineRange() {
    }

    /** The lines {@code read} returns for {@code start} and {@code end} (0-based, end exclusive, -1 = to the end). */
    static List<String> read(List<String> lines, int start, int end) {
        try {
            return select(new java.io.StringReader(String.join("", lines)), start, end, Long.MAX_VALUE, Long.MAX_VALUE);
        } catch (IOException | SelectionTooLargeException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The lines {@code read} returns, taken from text as it streams by ({@code \r\n} and {@code \r}
     * read as {@code \n}): only the selected lines and the last two are held, so a range of a file
     * of any size can be read. Reading stops once the range is known.
     *
     * @param giveUpAt a {@link System#nanoTime()} after which reading stops with an {@link IOException}
     *                 (a range deep in a file of many gigabytes takes long to reach)
     * @throws SelectionTooLargeException when the selected lines hold more than {@code maxChars}
     */
    static List<String> select(Reader text, int start, int end, long maxChars, long giveUpAt)
            throws IOException, SelectionTooLargeException {
        start = Math.max(start, 0);
        end = end == -1 ? -1 : Math.max(end, 0);
        // lines [start, stop) are collected; Python's slice rules may still pick one of the last two lines
        long stop = end == -1 ? Long.MAX_VALUE : Math.max(start + 1L, end);
        UniversalLines lines = new UniversalLines(text, giveUpAt);
        List<String> selected = new ArrayList<>();
        long selectedChars = 0;
        String[] lastTwo = new String[2];
        int count = 0;
        while (end == -1 || count < Math.max(end, start + 2L)) {
            boolean wanted = count >= start && count < stop;
            // a selected line too long is the end of it; another one must be read past to count lines
            String line = wanted ? lines.next(maxChars - selectedChars, false) : lines.next(maxChars, true);
            if (line == null) {
                break;
            }
            if (wanted) {
                if (line == UniversalLines.TOO_LONG) {
                    throw new SelectionTooLargeException(maxChars);
                }
                selected.add(line);
                selectedChars += line.length();
            }
            lastTwo[count % 2] = line;
            count++;
        }
        if (end == -1 || start <= count - 2) {
            return selected;
        }
        // start is past the second-to-last line: OpenHands' slice still answers from the last two
        int begin = Math.max(0, count - 2);
        int until = Math.max(begin + 1, Math.min(end, count));
        List<String> tail = new ArrayList<>();
        for (int i = begin; i < Math.min(until, count); i++) {
            if (lastTwo[i % 2] == UniversalLines.TOO_LONG) {
                throw new SelectionTooLargeException(maxChars);
            }
            tail.add(lastTwo[i % 2]);
        }
        return tail;
    }

    /** The new file lines when {@code insert} (each written with a trailing newline) replaces lines start..end. */
    static List<String> insert(List<String> insert, List<String> original, int start, int end) {
        List<String> result = new ArrayList<>(start == 0 ? List.of("") : slice(original, null, start));
        for (String line : insert) {
            result.add(line + "\n");
        }
        result.addAll(end == -1 ? List.of("") : slice(original, end, null));
        return result;
    }

    /** Python's {@code list[from:to]}: negative indexes count from the end, bounds are clamped. */
    static <T> List<T> slice(List<T> list, Integer from, Integer to) {
        int size = list.size();
        int begin = from == null ? 0 : clamp(from, size);
        int stop = to == null ? size : clamp(to, size);
        return begin >= stop ? List.of() : List.copyOf(list.subList(begin, stop));
    }

    private static int clamp(int index, int size) {
        if (index < 0) {
            index += size;
        }
        return Math.min(Math.max(index, 0), size);
    }

    /** The selected lines are more than the agent returns at once. */
    static final class SelectionTooLargeException extends Exception {
        SelectionTooLargeException(long maxChars) {
            super("more than " + maxChars + " characters");
        }
    }

    /** Reading took longer than the caller allowed. */
    static final class SlowReadException extends IOException {
        SlowReadException() {
            super("reading took too long");
        }
    }

    /** Lines of a stream of text with Python's universal newlines; each line keeps its {@code \n}. */
    private static final class UniversalLines {
        /** Returned for a line longer than asked for (read to its end, not kept). */
        static final String TOO_LONG = new String("too long");

        private final Reader in;
        private final long giveUpAt;
        private final char[] buffer = new char[8192];
        private int position;
        private int limit;
        private boolean afterCarriageReturn;

        UniversalLines(Reader in, long giveUpAt) {
            this.in = in;
            this.giveUpAt = giveUpAt;
        }

        /**
         * The next line, null at the end, or {@link #TOO_LONG} when it has more than {@code maxChars}:
         * at once, or once its end was read when {@code toItsEnd}.
         */
        String next(long maxChars, boolean toItsEnd) throws IOException {
            StringBuilder line = new StringBuilder();
            boolean tooLong = false;
            boolean any = false;
            while (true) {
                if (position == limit) {
                    if (System.nanoTime() - giveUpAt > 0) {
                        throw new SlowReadException();
                    }
                    limit = in.read(buffer);
                    position = 0;
                    if (limit <= 0) {
                        limit = 0;
                        return any ? (tooLong ? TOO_LONG : line.toString()) : null;
                    }
                }
                char c = buffer[position++];
                if (c == '\n' && afterCarriageReturn) {
                    afterCarriageReturn = false; // the \n of a \r\n: the line ended at the \r
                    continue;
                }
                afterCarriageReturn = c == '\r';
                any = true;
                boolean end = c == '\n' || c == '\r';
                if (!tooLong) {
                    if (line.length() >= maxChars) {
                        if (!toItsEnd) {
                            return TOO_LONG;
                        }
                        tooLong = true;
                        line = null;
                    } else {
                        line.append(end ? '\n' : c);
                    }
                }
                if (end) {
                    return tooLong ? TOO_LONG : line.toString();
                }
            }
        }
    }
}
