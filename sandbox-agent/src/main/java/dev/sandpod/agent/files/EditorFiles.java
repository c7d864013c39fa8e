package dev.sandpod.agent.files;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Set;

/**
 * How the editor reads and writes files, with openhands-aci's checks and texts: at most
 * {@link FileLimits#MAX_BYTES} (openhands-aci: 10 MB), no binaries, UTF-8 only, read with Python's
 * universal newlines, written in place so a file keeps its inode, mode and owner (and gets its
 * previous bytes back when the new ones do not fit).
 */
final class EditorFiles {

    static final long MAX_FILE_SIZE = FileLimits.MAX_BYTES;
    /** Documents openhands-aci converts to Markdown; only {@code view} may open them. */
    static final Set<String> SUPPORTED_BINARY_EXTENSIONS =
            Set.of(".docx", ".xlsx", ".pptx", ".pdf", ".mp3", ".wav", ".m4a", ".flac");

    private EditorFiles() {
    }

    /** Size and type checks of {@code validate_file}; a missing file passes (for create). */
    static void validate(Path file, String path) throws EditorException {
        if (!Files.isRegularFile(file)) {
            return;
        }
        try {
            long size = Files.size(file);
            if (size > MAX_FILE_SIZE) {
                throw EditorException.fileValidation(path, String.format(Locale.ROOT,
                        "File is too large (%.1fMB). Maximum allowed size is %dMB.",
                        size / 1024.0 / 1024.0, MAX_FILE_SIZE / 1024 / 1024));
            }
            if (!isSupportedBinary(path) && looksBinary(file)) {
                throw EditorException.fileValidation(path,
                        "File appears to be binary and this file type cannot be read or edited by this tool.");
            }
        } catch (IOException e) {
            throw new EditorException("Ran into " + describe(e) + " while trying to read " + path);
        }
    }

    private static boolean looksBinary(Path file) throws IOException {
        byte[] head = new byte[8192];
        int read;
        try (InputStream in = Files.newInputStream(file)) {
            read = in.readNBytes(head, 0, head.length);
        }
        for (int i = 0; i < read; i++) {
            if (head[i] == 0) {
                return true;
            }
        }
        return false;
    }

    /** A file's text and the bytes it was decoded from (to put back should a rewrite fail). */
    record FileText(String text, byte[] bytes) {
    }

    static FileText read(Path file, String path) throws EditorException {
        if (!Files.isRegularFile(file)) {
            // a FIFO or device would block or never end
            throw EditorException.fileValidation(path, "Not a regular file; only regular files can be viewed or edited.");
        }
        validate(file, path);
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new EditorException("Ran into " + describe(e) + " while trying to read " + path);
        }
        try {
            return new FileText(TextLines.decode(bytes), bytes);
        } catch (CharacterCodingException e) {
            throw new EditorException("The editor only supports UTF-8 encoding files, please use bash commands for "
                    + "files with other encoding: " + path);
        }
    }

    /** Writes in place, so the file keeps its inode, mode and owner; on failure {@code previous} is written back. */
    static void write(Path file, String path, String text, FileText previous) throws EditorException {
        try {
            FileWrites.rewrite(file, text.getBytes(StandardCharsets.UTF_8), previous.bytes());
        } catch (IOException e) {
            throw new EditorException("Ran into " + describe(e) + " while trying to write to " + path + "."
                    + FileWrites.outcome(e));
        }
    }

    static boolean isSupportedBinary(String path) {
        return SUPPORTED_BINARY_EXTENSIONS.contains(extension(path));
    }

    /** pathlib's {@code suffix}, lower-cased. */
    static String extension(String path) {
        String name = path.substring(path.lastIndexOf('/') + 1);
        int dot = name.lastIndexOf('.');
        return dot <= 0 || dot == name.length() - 1 ? "" : name.substring(dot).toLowerCase(Locale.ROOT);
    }

    /** The exception as Python's {@code str(e)} would put it, e.g. {@code [Errno 13] Permission denied: '/x'}. */
    static String describe(IOException e) {
        IOException cause = e instanceof FileWrites.IncompleteWriteException incomplete ? incomplete.failure() : e;
        if (cause instanceof AccessDeniedException) {
            return "[Errno 13] Permission denied: '" + cause.getMessage() + "'";
        }
        if (cause instanceof NoSuchFileException) {
            return "[Errno 2] No such file or directory: '" + cause.getMessage() + "'";
        }
        if (cause instanceof FileSystemException fs && fs.getReason() != null) {
            return FileWrites.reason(fs) + ": '" + fs.getFile() + "'";
        }
        return cause.toString();
    }
}
