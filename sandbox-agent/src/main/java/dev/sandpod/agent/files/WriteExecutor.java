package dev.sandpod.agent.files;

import dev.sandpod.agent.ActionExecutor;
import dev.sandpod.agent.SandboxContext;
import dev.sandpod.api.agent.Action;
import dev.sandpod.api.agent.ActionTypes;
import dev.sandpod.api.agent.Observation;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The {@code write} action as the OpenHands server runs it: a path relative to the shell's cwd,
 * missing parents created, every line of {@code content} written with a trailing newline. An
 * existing file has lines {@code start..end} replaced in place, so it keeps its mode and owner;
 * a new file gets mode 0664 and belongs to the sandbox user.
 */
public final class WriteExecutor implements ActionExecutor {

    private final SandboxContext context;
    private final FileOwnership ownership;

    public WriteExecutor(SandboxContext context) {
        this.context = context;
        this.ownership = new FileOwnership(context.user());
    }

    @Override
    public String type() {
        return ActionTypes.WRITE;
    }

    @Override
    public Observation execute(Action action) {
        ActionArgs args = new ActionArgs(ActionTypes.WRITE, action.args());
        try {
            return write(args.requiredString("path"), args.requiredString("content"),
                    args.optionalInt("start", 0), args.optionalInt("end", -1));
        } catch (ActionArgs.InvalidArgumentException e) {
            return Observation.error(e.getMessage());
        }
    }

    private Observation write(String path, String content, int start, int end) {
        String filepath = FilePaths.resolve(path, context.currentDirectory());
        List<String> insert = TextLines.splitOnNewline(content);
        Path file;
        boolean existed;
        try {
            file = FilePaths.toPath(filepath);
            Path parent = file.getParent();
            if (parent != null && !Files.exists(parent)) {
                ownership.createDirectories(parent);
            }
            if (Files.isDirectory(file)) {
                return Observation.error("Path is a directory: " + filepath + ". You can only write to files");
            }
            existed = Files.exists(file);
            if (existed && !Files.isRegularFile(file)) {
                return Observation.error("Not a regular file: " + filepath + ". You can only write to files");
            }
            List<String> lines = existed
                    ? LineRange.insert(insert, TextLines.linesKeepingEnds(TextLines.decode(Files.readAllBytes(file))), start, end)
                    : insert.stream().map(line -> line + "\n").toList();
            // in place (truncate, not replace): an existing file keeps its inode, mode and owner
            Files.writeString(file, String.join("", lines), StandardCharsets.UTF_8);
        } catch (CharacterCodingException e) {
            return Observation.error("File could not be decoded as utf-8: " + filepath);
        } catch (FilePaths.MalformedPathException | AccessDeniedException e) {
            return Observation.error("Malformed paths not permitted: " + filepath);
        } catch (FileSystemException e) {
            return Observation.error("Cannot write " + filepath + ": " + reason(e)
                    + ". Check that every parent of the path is a directory.");
        } catch (IOException e) {
            return Observation.error("Cannot write " + filepath + ": " + e.getMessage());
        }
        if (!existed) {
            try {
                ownership.claimNewFile(file);
            } catch (IOException e) {
                return Observation.error("File " + filepath + " written, but failed to change ownership and permissions: " + e);
            }
        }
        return FileObservations.write(filepath);
    }

    private static String reason(FileSystemException e) {
        return e.getReason() != null ? e.getReason() : e.getMessage();
    }
}
