package dev.sandpod.agent.files;

import java.util.List;

/**
 * The editor's {@code cat -n} rendering ({@code _make_output} in openhands-aci): content cut at
 * {@value #MAX_CHARS} characters with a notice, then every line numbered, width 6, and a tab.
 */
final class NumberedView {

    static final int MAX_CHARS = 16_000;

    static final String FILE_TRUNCATED_NOTICE = "<response clipped><NOTE>Due to the max output limit, only part of "
            + "this file has been shown to you. You should retry this tool after you have searched inside the file "
            + "with `grep -n` in order to find the line numbers of what you are looking for.</NOTE>";

    private NumberedView() {
    }

    static String render(String content, String description, int startLine) {
        String shown = truncate(content, FILE_TRUNCATED_NOTICE);
        List<String> lines = TextLines.splitOnNewline(shown);
        StringBuilder out = new StringBuilder(shown.length() + lines.size() * 8 + 100);
        out.append("Here's the result of running `cat -n` on ").append(description).append(":\n");
        for (int i = 0; i < lines.size(); i++) {
            if (i > 0) {
                out.append('\n');
            }
            out.append(String.format("%6d", i + startLine)).append('\t').append(lines.get(i));
        }
        return out.append('\n').toString();
    }

    /** {@code maybe_truncate}: the first {@value #MAX_CHARS} characters and the notice. */
    static String truncate(String content, String notice) {
        // Python counts code points, not UTF-16 units
        if (content.length() <= MAX_CHARS || content.codePointCount(0, content.length()) <= MAX_CHARS) {
            return content;
        }
        return content.substring(0, content.offsetByCodePoints(0, MAX_CHARS)) + notice;
    }
}
