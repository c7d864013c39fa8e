package dev.sandpod.agent.files;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Streams a zip of a directory (entry names relative to it) or of a single file (its name) for
 * {@code GET /download_files}. Like {@code os.walk}, links to files are stored with their
 * contents and links to directories are not followed; empty directories are kept as entries, and
 * what the sandbox user may not read is left out. Directories are listed and files opened with the
 * user's rights, one at a time; their bytes are copied by the caller's thread. Only one
 * directory's listing is held at a time per level, never the whole tree.
 */
final class ZipDownload {

    private final UserFileAccess access;

    ZipDownload(UserFileAccess access) {
        this.access = access;
    }

    /** A directory entry: a file (or a link to one) to store, or a directory (not a link) to descend into. */
    record Child(Path path, boolean directory, FileTime modified) {
    }

    /** A download's root, opened with the user's rights: a file's stream, or a directory's children. */
    record Opened(Path root, InputStream file, List<Child> children) {
    }

    /**
     * Opens a file, or lists a directory, before any byte of the answer is sent, so that a refusal
     * can still be an error status.
     *
     * @throws java.nio.file.NoSuchFileException when there is nothing at {@code root}
     * @throws java.nio.file.AccessDeniedException when the user may not read it
     * @throws NotRegularFileException for a FIFO, socket or device (opening one could block)
     */
    Opened open(Path root) throws IOException {
        return access.call(() -> {
            BasicFileAttributes attributes = Files.readAttributes(root, BasicFileAttributes.class);
            if (attributes.isDirectory()) {
                return new Opened(root, null, children(root));
            }
            if (!attributes.isRegularFile()) {
                throw new NotRegularFileException(root);
            }
            return new Opened(root, Files.newInputStream(root), null);
        });
    }

    /** Writes the zip of what {@link #open} opened. */
    void write(Opened opened, OutputStream out) throws IOException {
        Path root = opened.root();
        try (ZipOutputStream zip = new ZipOutputStream(out)) {
            if (opened.file() != null) {
                try (InputStream in = opened.file()) {
                    ZipEntry entry = new ZipEntry(root.getFileName().toString());
                    entry.setLastModifiedTime(access.call(() -> Files.getLastModifiedTime(root)));
                    zip.putNextEntry(entry);
                    in.transferTo(zip);
                    zip.closeEntry();
                }
                return;
            }
            Deque<Iterator<Child>> levels = new ArrayDeque<>();
            levels.push(opened.children().iterator());
            while (!levels.isEmpty()) {
                Iterator<Child> level = levels.peek();
                if (!level.hasNext()) {
                    levels.pop();
                    continue;
                }
                Child child = level.next();
                String name = root.relativize(child.path()).toString();
                if (!child.directory()) {
                    addFile(zip, child, name);
                    continue;
                }
                List<Child> children;
                try {
                    children = access.call(() -> children(child.path()));
                } catch (IOException e) {
                    continue; // a directory the user may not list is left out, like an unreadable file
                }
                if (children.isEmpty()) {
                    zip.putNextEntry(new ZipEntry(name + "/"));
                    zip.closeEntry();
                } else {
                    levels.push(children.iterator());
                }
            }
        }
    }

    private void addFile(ZipOutputStream zip, Child file, String name) throws IOException {
        InputStream in;
        try {
            in = access.call(() -> Files.newInputStream(file.path()));
        } catch (IOException e) {
            return; // a file the user may not read (or that went away) is left out rather than breaking the archive
        }
        try (in) {
            ZipEntry entry = new ZipEntry(name);
            entry.setLastModifiedTime(file.modified());
            zip.putNextEntry(entry);
            in.transferTo(zip);
            zip.closeEntry();
        }
    }

    /** The files and real directories in {@code dir}, sorted by name; run with the user's rights. */
    private static List<Child> children(Path dir) throws IOException {
        List<Child> children = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            for (Path path : entries) {
                BasicFileAttributes own;
                try {
                    own = Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
                    if (own.isDirectory()) {
                        children.add(new Child(path, true, own.lastModifiedTime()));
                        continue;
                    }
                    BasicFileAttributes target = own.isSymbolicLink()
                            ? Files.readAttributes(path, BasicFileAttributes.class) : own;
                    if (target.isRegularFile()) {
                        children.add(new Child(path, false, target.lastModifiedTime()));
                    }
                } catch (IOException e) {
                    // gone meanwhile, or a dangling link: nothing to store
                }
            }
        }
        children.sort(Comparator.comparing(child -> child.path().getFileName().toString()));
        return children;
    }

    /** A download of something that is neither a directory nor a regular file. */
    static final class NotRegularFileException extends IOException {
        NotRegularFileException(Path path) {
            super(path + " is not a regular file or directory (a FIFO, socket or device); only files and directories "
                    + "can be downloaded");
        }
    }
}
