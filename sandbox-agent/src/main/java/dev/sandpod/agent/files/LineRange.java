package dev.sandpod.agent.files;

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
        int count = lines.size();
        start = Math.min(Math.max(start, 0), count);
        end = end == -1 ? -1 : Math.min(Math.max(end, 0), count);
        if (end == -1) {
            return slice(lines, start, null);
        }
        int begin = Math.max(0, Math.min(start, count - 2));
        end = Math.max(begin + 1, end);
        return slice(lines, begin, end);
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
}
