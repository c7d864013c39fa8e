package dev.sandpod.agent.files;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sandpod.agent.SandboxContext;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.TreeSet;

/**
 * The file editor coding agents know from OpenHands ({@code OHEditor} in openhands-aci, itself
 * Anthropic's {@code str_replace_editor}): {@code view}, {@code create}, {@code str_replace},
 * {@code insert} and {@code undo_edit} on absolute paths, with the same texts, line numbering,
 * snippets and limits. Commands are serialized so that the undo history stays consistent.
 */
public final class FileEditor {

    static final List<String> COMMANDS = List.of("view", "create", "str_replace", "insert", "undo_edit");
    static final int SNIPPET_CONTEXT_WINDOW = 4;
    private static final String TOOL_NAME = "oh_editor";

    private final SandboxContext context;
    private final EditHistory history = new EditHistory();

    public FileEditor(SandboxContext context) {
        this.context = context;
    }

    /** Runs one command; every problem the caller can fix is an {@link EditorException}. */
    synchronized EditResult execute(EditRequest request) throws EditorException {
        String command = request.command() == null ? "" : request.command();
        if (request.path() == null) {
            throw EditorException.parameterMissing(command, "path");
        }
        String path = FilePaths.normalize(request.path());
        Path file = toPath(path);
        validatePath(command, request.path(), path, file);
        try (FileLimits.Turn turn = turnFor(file)) {
            return switch (command) {
                case "view" -> view(file, path, request.viewRange());
                case "create" -> create(file, path, request.fileText());
                case "str_replace" -> {
                    if (request.oldStr() == null) {
                        throw EditorException.parameterMissing(command, "old_str");
                    }
                    if (request.oldStr().equals(request.newStr())) {
                        throw EditorException.parameterInvalid("new_str", request.newStr(),
                                "No replacement was performed. `new_str` and `old_str` must be different.");
                    }
                    yield strReplace(file, path, request.oldStr(), request.newStr() == null ? "" : request.newStr());
                }
                case "insert" -> {
                    if (request.insertLine() == null) {
                        throw EditorException.parameterMissing(command, "insert_line");
                    }
                    if (request.newStr() == null) {
                        throw EditorException.parameterMissing(command, "new_str");
                    }
                    yield insert(file, path, request.insertLine(), request.newStr());
                }
                case "undo_edit" -> undo(file, path);
                default -> throw new EditorException("Unrecognized command " + command + ". The allowed commands for the "
                        + TOOL_NAME + " tool are: " + String.join(", ", COMMANDS));
            };
        }
    }

    /** Commands on large files take turns (see {@link FileLimits}). */
    private static FileLimits.Turn turnFor(Path file) throws EditorException {
        try {
            return FileLimits.turnFor(Files.isRegularFile(file) ? Files.size(file) : 0);
        } catch (IOException e) {
            return () -> { }; // the command itself reports what is wrong with the file
        } catch (FileLimits.BusyException e) {
            throw new EditorException(e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EditorException("Interrupted while waiting for other actions on large files.");
        }
    }

    private EditResult view(Path file, String path, JsonNode viewRange) throws EditorException {
        boolean rangeGiven = viewRange != null && !(viewRange.isArray() && viewRange.isEmpty());
        if (Files.isDirectory(file)) {
            if (rangeGiven) {
                throw EditorException.parameterInvalid("view_range", PythonRepr.of(viewRange),
                        "The `view_range` parameter is not allowed when `path` points to a directory.");
            }
            return EditResult.viewed(DirectoryView.render(file, path), path);
        }
        EditorFiles.validate(file, path);
        if (EditorFiles.isSupportedBinary(path)) {
            throw new EditorException("Error in converting file to Markdown: " + EditorFiles.extension(path)
                    + " files cannot be converted in this sandbox. Please use Python code to read " + path);
        }
        String content = EditorFiles.read(file, path).text();
        if (!rangeGiven) {
            return EditResult.viewed(NumberedView.render(content, path, 1), path);
        }
        if (!viewRange.isArray() || viewRange.size() != 2 || !viewRange.get(0).isIntegralNumber()
                || !viewRange.get(1).isIntegralNumber()) {
            throw EditorException.parameterInvalid("view_range", PythonRepr.of(viewRange),
                    "It should be a list of two integers.");
        }
        int lines = TextLines.countLines(content);
        int start = viewRange.get(0).asInt();
        int end = viewRange.get(1).asInt();
        if (start < 1 || start > lines) {
            throw EditorException.parameterInvalid("view_range", PythonRepr.of(viewRange), "Its first element `" + start
                    + "` should be within the range of lines of the file: [1, " + lines + "].");
        }
        String warning = null;
        if (end == -1) {
            end = lines;
        } else if (end > lines) {
            warning = "We only show up to " + lines + " since there's only " + lines + " lines in this file";
            end = lines;
        }
        if (end < start) {
            throw EditorException.parameterInvalid("view_range", PythonRepr.of(viewRange), "Its second element `" + end
                    + "` should be greater than or equal to the first element `" + start + "`.");
        }
        String selected = String.join("\n", TextLines.splitLines(lineSpan(content, start, end)));
        String output = NumberedView.render(selected, path, start);
        if (warning != null) {
            output += "\nNOTE: " + warning + "\n";
        }
        return EditResult.viewed(output, path);
    }

    private EditResult create(Path file, String path, String fileText) throws EditorException {
        if (fileText == null) {
            throw EditorException.parameterMissing("create", "file_text");
        }
        try {
            Path parent = file.getParent();
            if (parent != null && !Files.isDirectory(parent)) {
                Files.createDirectories(parent);
            }
            FileWrites.create(file, fileText.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new EditorException("Ran into " + EditorFiles.describe(e) + " while trying to write to " + path);
        }
        history.add(path, fileText);
        return new EditResult("File created successfully at: " + path, path, false, null, fileText);
    }

    private EditResult strReplace(Path file, String path, String oldStr, String newStr) throws EditorException {
        EditorFiles.FileText original = EditorFiles.read(file, path);
        String content = original.text();
        List<Integer> starts = occurrences(content, oldStr);
        if (starts.isEmpty()) {
            throw new EditorException("No replacement was performed, old_str `" + oldStr
                    + "` did not appear verbatim in " + path + ".");
        }
        if (starts.size() > 1) {
            TreeSet<Integer> lines = new TreeSet<>();
            for (int start : starts) {
                lines.add(lineOf(content, start));
            }
            throw new EditorException("No replacement was performed. Multiple occurrences of old_str `" + oldStr
                    + "` in lines " + PythonRepr.ofList(lines) + ". Please ensure it is unique.");
        }
        int at = starts.getFirst();
        String updated = content.substring(0, at) + newStr + content.substring(at + oldStr.length());
        EditorFiles.write(file, path, updated, original);
        history.add(path, content);

        int replacementLine = lineOf(content, at);
        int startLine = Math.max(0, replacementLine - SNIPPET_CONTEXT_WINDOW);
        int endLine = replacementLine + SNIPPET_CONTEXT_WINDOW + count(newStr, '\n');
        String snippet = lineSpan(updated, startLine + 1, endLine);
        String output = "The file " + path + " has been edited. "
                + NumberedView.render(snippet, "a snippet of " + path, startLine + 1)
                + "Review the changes and make sure they are as expected. Edit the file again if necessary.";
        return new EditResult(output, path, true, content, updated);
    }

    private EditResult insert(Path file, String path, int insertLine, String newStr) throws EditorException {
        EditorFiles.FileText original = EditorFiles.read(file, path);
        String content = original.text();
        List<String> lines = TextLines.linesKeepingEnds(content);
        if (insertLine < 0 || insertLine > lines.size()) {
            throw EditorException.parameterInvalid("insert_line", insertLine,
                    "It should be within the range of allowed values: [0, " + lines.size() + "]");
        }
        List<String> newLines = TextLines.splitOnNewline(newStr);
        StringBuilder updated = new StringBuilder(content.length() + newStr.length() + 2);
        for (int i = 0; i < insertLine; i++) {
            updated.append(lines.get(i));
        }
        if (insertLine > 0 && !lines.get(insertLine - 1).endsWith("\n")) {
            // openhands-aci glues the new text onto an unterminated last line; end that line instead
            updated.append('\n');
        }
        for (String line : newLines) {
            updated.append(line).append('\n');
        }
        for (int i = insertLine; i < lines.size(); i++) {
            updated.append(lines.get(i));
        }
        String newContent = updated.toString();
        EditorFiles.write(file, path, newContent, original);
        history.add(path, content);

        int startLine = Math.max(0, insertLine - SNIPPET_CONTEXT_WINDOW);
        int endLine = Math.min(lines.size() + newLines.size(), insertLine + SNIPPET_CONTEXT_WINDOW + newLines.size());
        String snippet = lineSpan(newContent, startLine + 1, endLine);
        String output = "The file " + path + " has been edited. "
                + NumberedView.render(snippet, "a snippet of the edited file", Math.max(1, insertLine - SNIPPET_CONTEXT_WINDOW + 1))
                + "Review the changes and make sure they are as expected (correct indentation, no duplicate lines, etc). "
                + "Edit the file again if necessary.";
        return new EditResult(output, path, true, content, newContent);
    }

    private EditResult undo(Path file, String path) throws EditorException {
        EditorFiles.FileText current = EditorFiles.read(file, path);
        String previous = history.pop(path);
        if (previous == null) {
            throw new EditorException("No edit history found for " + path + ".");
        }
        try {
            EditorFiles.write(file, path, previous, current);
        } catch (EditorException e) {
            history.add(path, previous); // not undone: the step stays available
            throw e;
        }
        return new EditResult("Last edit to " + path + " undone successfully. " + NumberedView.render(previous, path, 1),
                path, true, current.text(), previous);
    }

    private void validatePath(String command, String given, String path, Path file) throws EditorException {
        if (!FilePaths.isAbsolute(given)) {
            String hint = "The path should be an absolute path, starting with `/`.";
            String suggested = FilePaths.resolve(given, context.currentDirectory());
            if (Files.exists(Path.of(suggested))) {
                hint += " Maybe you meant " + suggested + "?";
            }
            throw EditorException.parameterInvalid("path", path, hint);
        }
        boolean exists = Files.exists(file);
        if (command.equals("create") && exists) {
            throw EditorException.parameterInvalid("path", path,
                    "File already exists at: " + path + ". Cannot overwrite files using command `create`.");
        }
        if (!command.equals("create") && !exists) {
            throw EditorException.parameterInvalid("path", path,
                    "The path " + path + " does not exist. Please provide a valid path.");
        }
        if (!command.equals("view")) {
            if (Files.isDirectory(file)) {
                throw EditorException.parameterInvalid("path", path, "The path " + path
                        + " is a directory and only the `view` command can be used on directories.");
            }
            if (EditorFiles.isSupportedBinary(path)) {
                throw EditorException.parameterInvalid("path", path, "The path " + path + " points to a binary file ("
                        + EditorFiles.extension(path) + ") and only the `view` command can be used on supported binary files.");
            }
        }
    }

    /** Lines {@code start..end} (1-based, inclusive) with their line ends. */
    private static String lineSpan(String content, int start, int end) {
        List<String> lines = TextLines.linesKeepingEnds(content);
        StringBuilder out = new StringBuilder();
        for (int i = Math.max(1, start); i <= Math.min(end, lines.size()); i++) {
            out.append(lines.get(i - 1));
        }
        return out.toString();
    }

    /** Non-overlapping match positions, as {@code re.finditer} of the escaped string finds them. */
    private static List<Integer> occurrences(String content, String needle) {
        List<Integer> starts = new java.util.ArrayList<>();
        if (needle.isEmpty()) {
            for (int i = 0; i <= content.length() && starts.size() < 2; i++) {
                starts.add(i);
            }
            return starts;
        }
        int from = 0;
        while (true) {
            int at = content.indexOf(needle, from);
            if (at < 0) {
                return starts;
            }
            starts.add(at);
            from = at + needle.length();
        }
    }

    private static int lineOf(String content, int index) {
        return count(content.substring(0, index), '\n') + 1;
    }

    private static int count(String text, char c) {
        int n = 0;
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) == c) {
                n++;
            }
        }
        return n;
    }

    private static Path toPath(String path) throws EditorException {
        try {
            return FilePaths.toPath(path);
        } catch (FilePaths.MalformedPathException e) {
            throw new EditorException(e.getMessage());
        }
    }

}
