package dev.sandpod.agent.files;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

/**
 * Extracts an uploaded zip into a directory. Every entry is checked before anything is written:
 * an absolute name, a name that climbs out with {@code ..}, or a path through a symbolic link
 * that already exists under the destination refuses the whole archive. Entries are written as
 * regular files and directories only (links stored in the zip become plain files, as with
 * Python's {@code zipfile}). Run with the sandbox user's rights ({@link UserFileAccess}), whatever
 * is created belongs to the user, and a link or directory planted outside the checks still leads
 * only where the user may write.
 */
final class ZipExtraction {

    private ZipExtraction() {
    }

    /** Checks all entries, then extracts them; nothing is written when a check fails. */
    static void extract(ZipFile archive, Path destination) throws UnsafeZipException, IOException {
        Path root = destination.toAbsolutePath().normalize();
        List<ZipEntry> entries = new ArrayList<>();
        List<Path> targets = new ArrayList<>();
        for (Enumeration<? extends ZipEntry> e = archive.entries(); e.hasMoreElements(); ) {
            ZipEntry entry = e.nextElement();
            entries.add(entry);
            targets.add(target(root, entry.getName()));
        }
        Files.createDirectories(root);
        for (int i = 0; i < entries.size(); i++) {
            write(archive, entries.get(i), targets.get(i));
        }
    }

    /** Opens an uploaded archive; a file that is not a zip is the caller's error. */
    static ZipFile open(Path zip) throws UnsafeZipException, IOException {
        try {
            return new ZipFile(zip.toFile());
        } catch (ZipException e) {
            throw new UnsafeZipException("Recursive uploads must be zip files: the upload is not a valid zip archive ("
                    + e.getMessage() + ").");
        }
    }

    /** Where an entry lands, or an exception when it would land outside {@code root}. */
    static Path target(Path root, String name) throws UnsafeZipException {
        if (name.startsWith("/") || name.startsWith("\\")) {
            throw new UnsafeZipException("Zip entry `" + name + "` has an absolute path; entries must be relative "
                    + "to the destination. Nothing was extracted.");
        }
        Path target;
        try {
            target = root.resolve(name).normalize();
        } catch (InvalidPathException e) {
            throw new UnsafeZipException("Zip entry `" + name + "` is not a valid path. Nothing was extracted.");
        }
        if (target.equals(root) && name.endsWith("/")) {
            return root; // "./" and the like: the destination itself, which is created anyway
        }
        if (!target.startsWith(root) || target.equals(root)) {
            throw new UnsafeZipException("Zip entry `" + name + "` would be extracted outside the destination "
                    + root + ". Nothing was extracted.");
        }
        for (Path p = target; !p.equals(root); p = p.getParent()) {
            if (Files.isSymbolicLink(p)) {
                throw new UnsafeZipException("Zip entry `" + name + "` would be written through the symbolic link "
                        + p + ". Nothing was extracted.");
            }
        }
        return target;
    }

    private static void write(ZipFile archive, ZipEntry entry, Path target) throws IOException {
        if (entry.isDirectory()) {
            Files.createDirectories(target);
            return;
        }
        Files.createDirectories(target.getParent());
        try (InputStream in = archive.getInputStream(entry);
             OutputStream out = Files.newOutputStream(target, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                     StandardOpenOption.TRUNCATE_EXISTING, LinkOption.NOFOLLOW_LINKS)) {
            in.transferTo(out);
        }
    }

    /** An archive that must not be extracted; the message says why. */
    static final class UnsafeZipException extends IOException {
        UnsafeZipException(String message) {
            super(message);
        }
    }
}
