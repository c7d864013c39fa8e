package dev.sandpod.agent.files;

import java.util.ArrayList;
import java.util.List;

/**
 * The {@code diff} extra of an edit observation: a unified diff without context lines and with
 * trailing whitespace stripped, as openhands-aci's {@code get_diff} makes it with
 * {@code difflib.unified_diff(n=0)}. The common prefix and suffix are cut first; the rest is
 * diffed by longest common subsequence when small, else reported as one replaced block, which
 * keeps the cost bounded for large files.
 */
final class UnifiedDiff {

    /** Above this many cells the middle part is reported as one replaced block. */
    private static final long MAX_TABLE_CELLS = 1_000_000L;

    private UnifiedDiff() {
    }

    static String between(String oldText, String newText, String path) {
        List<String> a = TextLines.splitOnNewline(oldText);
        List<String> b = TextLines.splitOnNewline(newText);
        int prefix = 0;
        while (prefix < a.size() && prefix < b.size() && a.get(prefix).equals(b.get(prefix))) {
            prefix++;
        }
        int suffix = 0;
        while (suffix < a.size() - prefix && suffix < b.size() - prefix
                && a.get(a.size() - 1 - suffix).equals(b.get(b.size() - 1 - suffix))) {
            suffix++;
        }
        List<int[]> hunks = hunks(a.subList(prefix, a.size() - suffix), b.subList(prefix, b.size() - suffix), prefix);
        if (hunks.isEmpty()) {
            return "";
        }
        List<String> out = new ArrayList<>();
        out.add(("--- " + path).stripTrailing());
        out.add(("+++ " + path).stripTrailing());
        for (int[] h : hunks) {
            out.add("@@ -" + range(h[0], h[1]) + " +" + range(h[2], h[3]) + " @@");
            for (int i = h[0]; i < h[1]; i++) {
                out.add(("-" + a.get(i)).stripTrailing());
            }
            for (int j = h[2]; j < h[3]; j++) {
                out.add(("+" + b.get(j)).stripTrailing());
            }
        }
        return String.join("\n", out);
    }

    /** Hunks as {oldStart, oldStop, newStart, newStop}, indexes into the whole files. */
    private static List<int[]> hunks(List<String> a, List<String> b, int offset) {
        List<int[]> hunks = new ArrayList<>();
        if (a.isEmpty() && b.isEmpty()) {
            return hunks;
        }
        if (a.isEmpty() || b.isEmpty() || (long) a.size() * b.size() > MAX_TABLE_CELLS) {
            hunks.add(new int[] {offset, offset + a.size(), offset, offset + b.size()});
            return hunks;
        }
        int n = a.size();
        int m = b.size();
        int[][] lcs = new int[n + 1][m + 1];
        for (int i = n - 1; i >= 0; i--) {
            for (int j = m - 1; j >= 0; j--) {
                lcs[i][j] = a.get(i).equals(b.get(j)) ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
            }
        }
        int i = 0;
        int j = 0;
        int startI = -1;
        int startJ = -1;
        while (i < n || j < m) {
            if (i < n && j < m && a.get(i).equals(b.get(j))) {
                if (startI >= 0) {
                    hunks.add(new int[] {offset + startI, offset + i, offset + startJ, offset + j});
                    startI = -1;
                }
                i++;
                j++;
                continue;
            }
            if (startI < 0) {
                startI = i;
                startJ = j;
            }
            if (j < m && (i == n || lcs[i][j + 1] >= lcs[i + 1][j])) {
                j++;
            } else {
                i++;
            }
        }
        if (startI >= 0) {
            hunks.add(new int[] {offset + startI, offset + n, offset + startJ, offset + m});
        }
        return hunks;
    }

    /** difflib's {@code _format_range_unified}. */
    private static String range(int start, int stop) {
        int beginning = start + 1;
        int length = stop - start;
        if (length == 1) {
            return Integer.toString(beginning);
        }
        if (length == 0) {
            beginning--;
        }
        return beginning + "," + length;
    }
}
