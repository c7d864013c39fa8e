package dev.sandpod.agent.files;

import dev.sandpod.agent.ActionExecutor;
import dev.sandpod.agent.SandboxContext;
import dev.sandpod.api.agent.Action;
import dev.sandpod.api.agent.ActionTypes;
import dev.sandpod.api.agent.Observation;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
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

    /** Larger files are refused rather than risking the agent's memory. */
    static final long MAX_READ_BYTES = 64L * 1024 * 1024;

    /** Extensions returned as data URLs, with the MIME types Python's {@code mimetypes} gives them. */
    private static final Map<String, String> DATA_URL_TYPES = Map.of(
            ".png", "image/png", ".jpg", "image/jpeg", ".jpeg", "image/jpeg", ".bmp", "image/bmp",
            ".gif", "image/gif", ".pdf", "application/pdf",
            ".mp4", "video/mp4", ".webm", "video/webm", ".ogg", "audio/ogg");

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
            if (Files.exists(file) && Files.size(file) > MAX_READ_BYTES) {
                return Observation.error("File is too large to read: " + filepath + " has " + Files.size(file)
                        + " bytes, the limit is " + MAX_READ_BYTES + ". Read parts of it with the shell (e.g. head, sed -n).");
            }
            String mimeType = DATA_URL_TYPES.get(extension(filepath));
            if (mimeType != null) {
                String encoded = Base64.getEncoder().encodeToString(Files.readAllBytes(file));
                return FileObservations.read(filepath, "data:" + mimeType + ";base64," + encoded, FileObservations.SOURCE_DEFAULT);
            }
            List<String> lines = TextLines.linesKeepingEnds(TextLines.decode(Files.readAllBytes(file)));
            return FileObservations.read(filepath, String.join("", LineRange.read(lines, start, end)),
                    FileObservations.SOURCE_DEFAULT);
        } catch (NoSuchFileException e) {
            return notFound(filepath, cwd);
        } catch (CharacterCodingException e) {
            return Observation.error("File could not be decoded as utf-8: " + filepath + ".");
        } catch (FilePaths.MalformedPathException | AccessDeniedException e) {
            return Observation.error("Malformed paths not permitted: " + filepath);
        } catch (FileSystemException e) {
            // e.g. "Not a directory" when a parent is a file: there is no such file to read
            return notFound(filepath, cwd);
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
