package dev.sandpod.agent.files;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;

/**
 * The contents to restore on {@code undo_edit}: the last {@value #MAX_PER_FILE} per file, and at
 * most {@link #MAX_TOTAL_CHARS} characters over all files (the oldest steps are forgotten first), so
 * that editing many large files does not fill the agent's memory.
 */
final class EditHistory {

    static final int MAX_PER_FILE = 10;
    static final long MAX_TOTAL_CHARS = 2 * FileLimits.MAX_BYTES;

    private record Step(String path, String content) {
    }

    /** Oldest first, over all files. */
    private final Deque<Step> steps = new ArrayDeque<>();
    private final long maxTotalChars;
    private long totalChars;

    EditHistory() {
        this(MAX_TOTAL_CHARS);
    }

    EditHistory(long maxTotalChars) {
        this.maxTotalChars = maxTotalChars;
    }

    void add(String path, String content) {
        steps.addLast(new Step(path, content));
        totalChars += content.length();
        if (steps.stream().filter(s -> s.path().equals(path)).count() > MAX_PER_FILE) {
            remove(steps.iterator(), path);
        }
        while (totalChars > maxTotalChars && steps.size() > 1) {
            totalChars -= steps.removeFirst().content().length();
        }
    }

    /** The most recent entry, removed; null when there is none. */
    String pop(String path) {
        return remove(steps.descendingIterator(), path);
    }

    private String remove(Iterator<Step> iterator, String path) {
        while (iterator.hasNext()) {
            Step step = iterator.next();
            if (step.path().equals(path)) {
                iterator.remove();
                totalChars -= step.content().length();
                return step.content();
            }
        }
        return null;
    }
}
