package dev.sandpod.agent.files;

import java.io.IOException;
import java.nio.file.FileSystemLoopException;
import java.nio.file.FileVisitOption;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.stream.Stream;

/**
 * The editor's {@code view} of a directory: what {@code find -L DIR -maxdepth 2} lists without
 * hidden entries, sorted, directories marked with {@code /}, and a count of the hidden entries
 * at the top level, in the openhands-aci wording.
 */
final class DirectoryView {

    static final String TRUNCATED_NOTICE = "<response clipped><NOTE>Due to the max output limit, only part of "
            + "this directory has been shown to you. You should use `ls -la` instead to view large directories "
            + "incrementally.</NOTE>";

    /**
     * Entries collected at most: far more than the {@value NumberedView#MAX_CHARS} characters shown,
     * and a bound on the memory a directory with millions of entries takes.
     */
    static final int MAX_ENTRIES = 100_000;

    private DirectoryView() {
    }

    static String render(Path dir, String displayPath) throws EditorException {
        List<String> errors = new ArrayList<>();
        List<String> found = list(dir, displayPath, errors);
        if (!errors.isEmpty()) {
            throw new EditorException(String.join("\n", errors));
        }
        StringBuilder stdout = new StringBuilder();
        for (String entry : found) {
            stdout.append(entry).append('\n');
        }
        String listing = NumberedView.truncate(stdout.toString(), TRUNCATED_NOTICE).strip();
        List<String> formatted = new ArrayList<>();
        if (!listing.isEmpty()) {
            for (String entry : listing.split("\n", -1)) {
                formatted.add(Files.isDirectory(Path.of(entry)) ? entry + "/" : entry);
            }
        }
        String message = "Here's the files and directories up to 2 levels deep in " + displayPath
                + ", excluding hidden items:\n" + String.join("\n", formatted);
        long hidden = countHidden(dir);
        if (hidden > 0) {
            message += "\n\n" + hidden + " hidden files/directories in this directory are excluded. "
                    + "You can use 'ls -la " + displayPath + "' to see them.";
        }
        return message;
    }

    private static List<String> list(Path dir, String displayPath, List<String> errors) throws EditorException {
        String prefix = displayPath.equals("/") ? "/" : displayPath + "/";
        List<String> entries = new ArrayList<>();
        entries.add(displayPath);
        try {
            Files.walkFileTree(dir, EnumSet.of(FileVisitOption.FOLLOW_LINKS), 2, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes attrs) {
                    if (!d.equals(dir)) {
                        add(d);
                    }
                    return next();
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                    add(file);
                    return next();
                }

                private FileVisitResult next() {
                    return entries.size() >= MAX_ENTRIES ? FileVisitResult.TERMINATE : FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e) {
                    if (e instanceof FileSystemLoopException) {
                        errors.add("find: File system loop detected; '" + prefix + dir.relativize(file)
                                + "' is part of the same file system loop.");
                    } else if (Files.isSymbolicLink(file) && !Files.exists(file)) {
                        add(file); // find -L lists a dangling link as itself
                    } else {
                        errors.add("find: '" + prefix + dir.relativize(file) + "': " + reason(e));
                    }
                    return FileVisitResult.CONTINUE;
                }

                private void add(Path path) {
                    String relative = dir.relativize(path).toString();
                    if (!isHidden(relative)) {
                        entries.add(prefix + relative);
                    }
                }
            });
        } catch (IOException e) {
            throw new EditorException("find: '" + displayPath + "': " + reason(e));
        }
        entries.sort(null);
        return entries;
    }

    /** find's {@code -path 'DIR/.*' -o -path 'DIR/*}{@code /.*'}: any hidden segment within two levels. */
    private static boolean isHidden(String relative) {
        for (String segment : relative.split("/")) {
            if (segment.startsWith(".")) {
                return true;
            }
        }
        return false;
    }

    private static long countHidden(Path dir) {
        try (Stream<Path> children = Files.list(dir)) {
            return children.filter(p -> p.getFileName().toString().startsWith(".")).count();
        } catch (IOException e) {
            return 0;
        }
    }

    private static String reason(IOException e) {
        if (e instanceof java.nio.file.AccessDeniedException) {
            return "Permission denied";
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
}
