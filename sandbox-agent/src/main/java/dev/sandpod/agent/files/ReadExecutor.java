package dev.sandpod.agent.files;

import dev.sandpod.agent.ActionExecutor;
import dev.sandpod.agent.SandboxContext;
import dev.sandpod.api.agent.Action;
import dev.sandpod.api.agent.ActionTypes;
import dev.sandpod.api.agent.Observation;

import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.CharacterCodingException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The {@code read} action as the OpenHands server runs it: a path relative to the shell's cwd,
 * lines {@code start..end}, images, PDFs and videos as base64 data URLs; or, with
 * {@code impl_source: oh_aci}, the editor's {@code view} with {@code view_range}.
 */
public final class ReadExecutor implements ActionExecutor {

    /** Extensions returned as data URLs, with the MIME types Python's {@code mimetypes} gives them. */
    private static final Map<String, String> DATA_URL_TYPES = Map.of(
            ".png", "image/png", ".jpg", "image/jpeg", ".jpeg", "image/jpeg", ".bmp", "image/bmp",
            ".gif", "image/gif", ".pdf", "application/pdf",
            ".mp4", "video/mp4", ".webm", "video/webm", ".ogg", "audio/ogg");

    /** How long {@code read} scans for a line range, well within a request's wait for its file work. */
    static final Duration SCAN_TIME = Duration.ofSeconds(60);

    private final SandboxContext context;
    private final FileEditor editor;

    public ReadExecutor(SandboxContext context) {
        this(context, new FileEditor(context));
    }

    public ReadExecutor(SandboxContext context, FileEditor editor) {
        this.context = context;
        this.editor = editor;
    }

    @Override
    public String type() {
        return ActionTypes.READ;
    }

    @Override
    public Observation execute(Action action) {
        ActionArgs args = new ActionArgs(ActionTypes.READ, action.args());
        try {
            String path = args.requiredString("path");
            if (FileObservations.SOURCE_EDITOR.equals(args.optionalString("impl_source"))) {
                return viewWithEditor(path, args);
            }
            return read(path, args.optionalInt("start", 0), args.optionalInt("end", -1));
        } catch (ActionArgs.InvalidArgumentException e) {
            return Observation.error(e.getMessage());
        }
    }

    private Observation read(String path, int start, int end) {
        Path cwd = context.currentDirectory();
        String filepath = FilePaths.resolve(path, cwd);
        try {
            Path file = FilePaths.toPath(filepath);
            if (Files.isDirectory(file)) {
                return Observation.error("Path is a directory: " + filepath + ". You can only read files");
            }
            if (Files.exists(file) && !Files.isRegularFile(file)) {
                return Observation.error("Not a regular file: " + filepath + ". You can only read files");
            }
            long size = Files.size(file);
            String mimeType = DATA_URL_TYPES.get(extension(filepath));
            if (mimeType != null && size > FileLimits.MAX_BYTES) {
                return Observation.error("File is too large to read: " + filepath + " has " + FileLimits.describe(size)
                        + "; the agent returns files of at most " + FileLimits.describe(FileLimits.MAX_BYTES)
                        + " as data URLs. Use the shell (e.g. convert or split it) or download it with /download_files.");
            }
            try (FileLimits.Turn turn = FileLimits.turnFor(Math.min(size, FileLimits.MAX_BYTES))) {
                if (mimeType != null) {
                    String encoded = Base64.getEncoder().encodeToString(Files.readAllBytes(file));
                    return FileObservations.read(filepath, "data:" + mimeType + ";base64," + encoded, FileObservations.SOURCE_DEFAULT);
                }
                try (Reader text = new InputStreamReader(Files.newInputStream(file), TextLines.strictUtf8())) {
                    List<String> lines = LineRange.select(text, start, end, FileLimits.MAX_BYTES,
                            System.nanoTime() + SCAN_TIME.toNanos());
                    return FileObservations.read(filepath, String.join("", lines), FileObservations.SOURCE_DEFAULT);
                }
            }
        } catch (NoSuchFileException e) {
            return notFound(filepath, cwd);
        } catch (CharacterCodingException e) {
            return Observation.error("File could not be decoded as utf-8: " + filepath + ".");
        } catch (LineRange.SelectionTooLargeException e) {
            return Observation.error("The lines selected from " + filepath + " hold more than "
                    + FileLimits.describe(FileLimits.MAX_BYTES) + ", more than the agent returns at once. Read fewer "
                    + "lines with `start` and `end` (they stream through files of any size), or use the shell (head, sed -n).");
        } catch (LineRange.SlowReadException e) {
            return Observation.error("Reading " + filepath + " to line " + Math.max(start, end) + " took more than "
                    + SCAN_TIME.toSeconds() + " s; read lines deep in very large files with the shell (e.g. tail, sed -n).");
        } catch (FilePaths.MalformedPathException e) {
            return Observation.error("Malformed paths not permitted: " + filepath);
        } catch (AccessDeniedException e) {
            return Observation.error(FileObservations.permissionDenied("read", filepath, e, context.user()));
        } catch (FileSystemException e) {
            // e.g. "Not a directory" when a parent is a file: there is no such file to read
            return notFound(filepath, cwd);
        } catch (FileLimits.BusyException e) {
            return Observation.error(e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Observation.error("Interrupted while reading " + filepath + ".");
        } catch (IOException e) {
            return Observation.error("Could not read " + filepath + ": " + e.getMessage());
        }
    }

    private Observation viewWithEditor(String path, ActionArgs args) {
        String content;
        try {
            content = editor.execute(EditRequest.view(path, args.raw("view_range"))).output();
        } catch (EditorException e) {
            content = "ERROR:\n" + e.getMessage();
        }
        return FileObservations.read(path, content, FileObservations.SOURCE_EDITOR);
    }

    private static Observation notFound(String filepath, Path cwd) {
        return Observation.error("File not found: " + filepath + ". Your current working directory is " + cwd + ".");
    }

    private static String extension(String path) {
        String name = path.substring(path.lastIndexOf('/') + 1).toLowerCase(Locale.ROOT);
        int dot = name.lastIndexOf('.');
        return dot < 0 ? "" : name.substring(dot);
    }
}
