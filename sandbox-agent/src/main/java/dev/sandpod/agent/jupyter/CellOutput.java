package dev.sandpod.agent.jupyter;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.regex.Pattern;

/**
 * What a cell printed, in order: text (stdout, stderr, results, tracebacks) and PNG images. The
 * text is capped as the {@code run} action's output is: beyond 30,000 characters only the first
 * and last 15,000 stay, around a marker. That holds while the cell runs, so a cell printing
 * without end keeps the agent's memory bounded. Images are not counted against the cap (a plot is
 * tens of kilobytes of base64); one that falls in the dropped middle is dropped with it.
 */
final class CellOutput {

    static final int HALF = 15_000;
    static final String TRUNCATED = "\n[... Observation truncated due to length ...]\n";
    /** CSI sequences (colours) and OSC strings; IPython's tracebacks are coloured. */
    private static final Pattern ANSI = Pattern.compile("\u001B\\[[0-?]*[ -/]*[@-~]|\u001B\\][^\u0007\u001B]*(?:\u0007|\u001B\\\\)?");

    /** A piece of output: text, or an image's base64 PNG. */
    record Part(boolean image, String value) {
    }

    private final List<Part> head = new ArrayList<>();
    private final Deque<Part> tail = new ArrayDeque<>();
    private int headChars;
    private int tailChars;
    private boolean truncated;
    private String error;

    void text(String text) {
        if (text == null || text.isEmpty()) {
            return;
        }
        String clean = ANSI.matcher(text).replaceAll("");
        if (headChars < HALF) {
            int take = Math.min(HALF - headChars, clean.length());
            head.add(new Part(false, clean.substring(0, take)));
            headChars += take;
            clean = clean.substring(take);
            if (clean.isEmpty()) {
                return;
            }
        }
        tail.addLast(new Part(false, clean));
        tailChars += clean.length();
        while (tailChars > HALF) {
            Part first = tail.removeFirst();
            truncated = true;
            if (!first.image()) {
                int excess = tailChars - HALF;
                tailChars -= first.value().length();
                if (first.value().length() > excess) {
                    String kept = first.value().substring(excess);
                    tail.addFirst(new Part(false, kept));
                    tailChars += kept.length();
                }
            }
        }
    }

    /** A traceback; the cell raised. */
    void error(String traceback) {
        String clean = ANSI.matcher(traceback).replaceAll("");
        error = clean.substring(clean.lastIndexOf('\n') + 1);
        text(clean);
    }

    /** The last line of the traceback (e.g. "ModuleNotFoundError: No module named 'x'"), or null when the cell did not raise. */
    String error() {
        return error;
    }

    void image(String base64Png) {
        Part part = new Part(true, base64Png);
        if (headChars < HALF) {
            head.add(part);
        } else {
            tail.addLast(part);
        }
    }

    boolean isEmpty() {
        return head.isEmpty() && tail.isEmpty();
    }

    /** Every part in order, the marker standing for what was dropped. */
    List<Part> parts() {
        List<Part> parts = new ArrayList<>(head);
        if (truncated) {
            parts.add(new Part(false, TRUNCATED));
        }
        parts.addAll(tail);
        return parts;
    }
}
