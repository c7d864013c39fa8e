package dev.sandpod.agent.files;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Streams a zip of a directory (entry names relative to it) or of a single file (its name) for
 * {@code GET /download_files}. Like {@code os.walk}, links to files are stored with their
 * contents and links to directories are not followed; empty directories are kept as entries.
 */
final class ZipDownload {

    private ZipDownload() {
    }

    static void write(Path root, OutputStream out) throws IOException {
        try (ZipOutputStream zip = new ZipOutputStream(out)) {
            if (!Files.isDirectory(root)) {
                addFile(zip, root, root.getFileName().toString());
                return;
            }
            List<Path> paths;
            try (Stream<Path> walk = Files.walk(root)) {
                paths = walk.filter(p -> !p.equals(root)).sorted().toList();
            }
            for (Path path : paths) {
                String name = root.relativize(path).toString();
                if (Files.isRegularFile(path)) {
                    addFile(zip, path, name);
                } else if (Files.isDirectory(path, java.nio.file.LinkOption.NOFOLLOW_LINKS) && isEmpty(path)) {
                    zip.putNextEntry(new ZipEntry(name + "/"));
                    zip.closeEntry();
                }
            }
        }
    }

    private static void addFile(ZipOutputStream zip, Path file, String name) throws IOException {
        ZipEntry entry = new ZipEntry(name);
        entry.setLastModifiedTime(Files.getLastModifiedTime(file));
        try (var in = Files.newInputStream(file)) {
            zip.putNextEntry(entry);
            in.transferTo(zip);
            zip.closeEntry();
        } catch (AccessDeniedException e) {
            // a file the agent may not read is left out rather than breaking the whole archive
        }
    }

    private static boolean isEmpty(Path dir) {
        try (Stream<Path> children = Files.list(dir)) {
            return children.findAny().isEmpty();
        } catch (IOException e) {
            return false;
        }
    }
}
