package dev.sandpod.client;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

/** Zips a local directory for an upload, and extracts a download without leaving the target. */
final class ZipArchive {

    private ZipArchive() {
    }

    /** Zips {@code dir} into {@code zip} with entries under {@code top}, as {@code cp -r dir top} copies it. */
    static void zipDirectory(Path dir, String top, Path zip) throws IOException {
        Path base = dir.toAbsolutePath().normalize();
        try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(zip));
             Stream<Path> paths = Files.walk(base)) {
            for (Path path : paths.sorted().toList()) {
                String relative = base.relativize(path).toString().replace('\\', '/');
                String name = relative.isEmpty() ? top + "/" : top + "/" + relative;
                if (Files.isDirectory(path)) {
                    out.putNextEntry(new ZipEntry(name.endsWith("/") ? name : name + "/"));
                    out.closeEntry();
                } else if (Files.isRegularFile(path)) {
                    out.putNextEntry(new ZipEntry(name));
                    Files.copy(path, out);
                    out.closeEntry();
                }
            }
        }
    }

    /**
     * Extracts a zip stream into {@code target}; an entry that would land outside it (absolute,
     * {@code ..}) is refused before anything of it is written.
     *
     * @return the files and directories written, relative to {@code target}
     */
    static List<Path> extract(InputStream zip, Path target) throws IOException {
        Path root = target.toAbsolutePath().normalize();
        Files.createDirectories(root);
        List<Path> written = new ArrayList<>();
        try (ZipInputStream in = new ZipInputStream(zip)) {
            for (ZipEntry entry; (entry = in.getNextEntry()) != null; ) {
                String name = entry.getName().replace('\\', '/');
                Path path = root.resolve(name).normalize();
                if (name.startsWith("/") || !path.startsWith(root) || path.equals(root) && !entry.isDirectory()) {
                    throw new IOException("Refused zip entry '" + entry.getName() + "': it would be written outside " + root);
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(path);
                } else {
                    Files.createDirectories(path.getParent());
                    copy(in, path);
                }
                written.add(root.relativize(path));
            }
        }
        return written;
    }

    private static void copy(InputStream in, Path path) throws IOException {
        try (OutputStream out = Files.newOutputStream(path)) {
            in.transferTo(out);
        }
    }

}
