package dev.sandpod.bench;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** A Markdown table of figures beside their same-run baselines, with difference and ratio. */
final class Table {
    private final String subject;
    private final List<String> rows = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();

    Table(String subject) {
        this.subject = subject;
    }

    void row(String what, double value, double baseline, String unit, String baselineName) {
        boolean none = Double.isNaN(baseline);
        rows.add("| " + what + " | " + fmt(value) + " " + unit
                + " | " + (none ? "—" : fmt(baseline) + " " + unit + " (" + baselineName + ")")
                + " | " + (none ? "—" : String.format(Locale.ROOT, "%+.1f %s", value - baseline, unit))
                + " | " + (none ? "—" : String.format(Locale.ROOT, "%.2f×", value / baseline)) + " |");
    }

    void note(String note) {
        notes.add(note);
    }

    void print(PrintStream out) {
        out.println("| measure | " + subject + " | baseline (same run) | difference | ratio |");
        out.println("|---|---|---|---|---|");
        rows.forEach(out::println);
        notes.forEach(n -> out.println("\n" + n));
    }

    static void progress(String format, Object... args) {
        System.err.printf(Locale.ROOT, "[bench] " + format + "%n", args);
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, v < 10 ? "%.3f" : "%.1f", v);
    }
}
