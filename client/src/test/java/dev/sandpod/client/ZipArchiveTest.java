package dev.sandpod.client;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ZipArchiveTest {

    @TempDir
    Path dir;

    @Test
    void directoryRoundTripsUnderTheGivenName() throws IOException {
        Path src = Files.createDirectories(dir.resolve("src/a/b"));
        Files.writeString(src.resolve("f.txt"), "deep");
        Files.createDirectories(dir.resolve("src/empty"));
        Path zip = dir.resolve("x.zip");
        ZipArchive.zipDirectory(dir.resolve("src"), "renamed", zip);
        List<Path> written = ZipArchive.extract(Files.newInputStream(zip), dir.resolve("out"));
        assertEquals("deep", Files.readString(dir.resolve("out/renamed/a/b/f.txt")));
        assertTrue(Files.isDirectory(dir.resolve("out/renamed/empty")));
        assertTrue(written.contains(Path.of("renamed/a/b/f.txt")), written.toString());
    }

    @Test
    void entriesLeavingTheTargetAreRefused() throws IOException {
        for (String name : List.of("../evil.txt", "a/../../evil.txt", "/etc/evil.txt")) {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
                zip.putNextEntry(new ZipEntry(name));
                zip.write("x".getBytes());
                zip.closeEntry();
            }
            IOException e = assertThrows(IOException.class,
                    () -> ZipArchive.extract(new ByteArrayInputStream(bytes.toByteArray()), dir.resolve("target")));
            assertTrue(e.getMessage().contains("Refused zip entry '" + name + "'"), e.getMessage());
            assertFalse(Files.exists(dir.resolve("evil.txt")));
        }
    }
}
