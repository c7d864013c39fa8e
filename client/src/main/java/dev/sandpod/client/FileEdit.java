package dev.sandpod.client;

import java.util.List;

/**
 * An {@code edit} action: the file editor coding agents know ({@code view}, {@code create},
 * {@code str_replace}, {@code insert}, {@code undo_edit}) on an absolute path. Make one with the
 * static methods.
 *
 * @param command    the editor command
 * @param path       absolute path in the sandbox
 * @param fileText   the new file's text ({@code create})
 * @param oldStr     the text to replace, which must occur once ({@code str_replace})
 * @param newStr     the replacement ({@code str_replace}) or the inserted text ({@code insert})
 * @param insertLine the line after which to insert ({@code insert}); 0 inserts at the top
 * @param viewRange  {@code [start, end]} lines to view, end -1 for the rest; null for all
 */
public record FileEdit(String command, String path, String fileText, String oldStr, String newStr,
                       Integer insertLine, List<Integer> viewRange) {

    /** Views a file with line numbers ({@code cat -n}), or lists a directory two levels deep. */
    public static FileEdit view(String path) {
        return new FileEdit("view", path, null, null, null, null, null);
    }

    /** Views lines {@code start..end} of a file (end -1: to the end). */
    public static FileEdit view(String path, int start, int end) {
        return new FileEdit("view", path, null, null, null, null, List.of(start, end));
    }

    /** Creates a file with {@code text}; refuses to overwrite an existing one. */
    public static FileEdit create(String path, String text) {
        return new FileEdit("create", path, text, null, null, null, null);
    }

    /** Replaces the one occurrence of {@code oldStr} with {@code newStr}. */
    public static FileEdit strReplace(String path, String oldStr, String newStr) {
        return new FileEdit("str_replace", path, null, oldStr, newStr, null, null);
    }

    /** Inserts {@code text} after line {@code afterLine}. */
    public static FileEdit insert(String path, int afterLine, String text) {
        return new FileEdit("insert", path, null, null, text, afterLine, null);
    }

    /** Reverts the last edit of the file. */
    public static FileEdit undo(String path) {
        return new FileEdit("undo_edit", path, null, null, null, null, null);
    }
}
