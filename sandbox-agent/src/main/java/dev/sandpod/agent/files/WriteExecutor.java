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

    public WriteExecutor(SandboxContext context) {
        this.context = context;
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
        try {
            Path file = FilePaths.toPath(filepath);
            Path parent = file.getParent();
            if (parent != null && !Files.exists(parent)) {
                Files.createDirectories(parent);
            }
            if (Files.isDirectory(file)) {
                return Observation.error("Path is a directory: " + filepath + ". You can only write to files");
            }
            if (!Files.exists(file)) {
                FileWrites.create(file, String.join("", insert.stream().map(line -> line + "\n").toList())
                        .getBytes(StandardCharsets.UTF_8));
                return FileObservations.write(filepath);
            }
            if (!Files.isRegularFile(file)) {
                return Observation.error("Not a regular file: " + filepath + ". You can only write to files");
            }
            long size = Files.size(file);
            boolean whole = start == 0 && end == -1;
            if (size > FileLimits.MAX_BYTES && !whole) {
                return Observation.error("Cannot write lines " + start + ".." + end + " of " + filepath + ": it has "
                        + FileLimits.describe(size) + ", more than the " + FileLimits.describe(FileLimits.MAX_BYTES)
                        + " the agent edits in memory. Change large files with the shell (e.g. sed -i), or replace "
                        + "the whole file by leaving out `start` and `end`.");
            }
            try (FileLimits.Turn turn = FileLimits.turnFor(Math.min(size, FileLimits.MAX_BYTES))) {
                // a whole large file is replaced without reading it: then a failed write cannot be undone
                byte[] previous = size > FileLimits.MAX_BYTES ? null : Files.readAllBytes(file);
                List<String> lines = previous == null ? LineRange.insert(insert, List.of(), start, end)
                        : LineRange.insert(insert, TextLines.linesKeepingEnds(TextLines.decode(previous)), start, end);
                // in place (truncate, not replace): an existing file keeps its inode, mode and owner
                FileWrites.rewrite(file, String.join("", lines).getBytes(StandardCharsets.UTF_8), previous);
            }
        } catch (FileLimits.BusyException e) {
            return Observation.error(e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Observation.error("Interrupted while writing " + filepath + ".");
        } catch (CharacterCodingException e) {
            return Observation.error("File could not be decoded as utf-8: " + filepath);
        } catch (FilePaths.MalformedPathException e) {
            return Observation.error("Malformed paths not permitted: " + filepath);
        } catch (AccessDeniedException e) {
            return Observation.error(FileObservations.permissionDenied("write", filepath, e, context.user()));
        } catch (IOException e) {
            String reason = FileWrites.reason(e);
            String hint = reason.contains("Not a directory") ? " Check that every parent of the path is a directory." : "";
            return Observation.error("Cannot write " + filepath + ": " + reason + "." + FileWrites.outcome(e) + hint);
        }
        return FileObservations.write(filepath);
    }
}
