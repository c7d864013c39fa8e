package dev.sandpod.agent.files;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;

/** The contents to restore on {@code undo_edit}: the last {@value #MAX_PER_FILE} per file. */
final class EditHistory {

    static final int MAX_PER_FILE = 10;

    private final Map<String, Deque<String>> byPath = new HashMap<>();

    void add(String path, String content) {
        Deque<String> entries = byPath.computeIfAbsent(path, p -> new ArrayDeque<>());
        entries.addLast(content);
        if (entries.size() > MAX_PER_FILE) {
            entries.removeFirst();
        }
    }

    /** The most recent entry, removed; null when there is none. */
    String pop(String path) {
        Deque<String> entries = byPath.get(path);
        if (entries == null || entries.isEmpty()) {
            return null;
        }
        return entries.removeLast();
    }
}
