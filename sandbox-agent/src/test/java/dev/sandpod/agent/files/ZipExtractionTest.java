package dev.sandpod.agent.files;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ZipExtractionTest {

    @TempDir
    Path dir;

    static void zip(Path zip, String... namesAndContents) throws IOException {
        try (OutputStream file = Files.newOutputStream(zip); ZipOutputStream out = new ZipOutputStream(file)) {
            for (int i = 0; i < namesAndContents.length; i += 2) {
                out.putNextEntry(new ZipEntry(namesAndContents[i]));
                out.write(namesAndContents[i + 1].getBytes(StandardCharsets.UTF_8));
                out.closeEntry();
            }
        }
    }

    private static void extract(Path zip, Path dest) throws Exception {
        try (ZipFile archive = ZipExtraction.open(zip)) {
            ZipExtraction.extract(archive, dest);
        }
    }

    @Test
    void extractsNestedEntriesIntoANewDestination() throws Exception {
        Path zip = dir.resolve("in.zip");
        zip(zip, "./", "", "top.txt", "top", "a/b/deep.txt", "deep", "empty/", "");
        Path dest = dir.resolve("dest/new");
        extract(zip, dest);
        assertEquals("top", Files.readString(dest.resolve("top.txt")));
        assertEquals("deep", Files.readString(dest.resolve("a/b/deep.txt")));
        assertTrue(Files.isDirectory(dest.resolve("empty")));
    }

    @Test
    void climbingAbsoluteAndLinkedEntriesRefuseTheWholeArchive() throws Exception {
        Path dest = dir.resolve("dest");
        Path outside = Files.createDirectory(dir.resolve("outside"));
        String[][] cases = {
                {"ok.txt", "fine", "../escape.txt", "bad"},
                {"ok.txt", "fine", "a/../../escape.txt", "bad"},
                {"ok.txt", "fine", "/tmp/sandpod-abs-" + ProcessHandle.current().pid(), "bad"},
        };
        for (String[] entries : cases) {
            Path zip = dir.resolve("bad.zip");
            zip(zip, entries);
            assertThrows(ZipExtraction.UnsafeZipException.class, () -> extract(zip, dest));
            assertFalse(Files.exists(dest), "nothing may be written, not even the destination");
        }
        assertFalse(Files.exists(dir.resolve("escape.txt")));
        assertFalse(Files.exists(Path.of("/tmp/sandpod-abs-" + ProcessHandle.current().pid())));

        Files.createDirectory(dest);
        Files.createSymbolicLink(dest.resolve("link"), outside);
        Path linked = dir.resolve("linked.zip");
        zip(linked, "first.txt", "x", "link/pwned.txt", "bad");
        var e = assertThrows(ZipExtraction.UnsafeZipException.class, () -> extract(linked, dest));
        assertTrue(e.getMessage().contains("symbolic link"), e.getMessage());
        assertFalse(Files.exists(outside.resolve("pwned.txt")));
        assertFalse(Files.exists(dest.resolve("first.txt")));
    }

    @Test
    void notAZipIsRefused() throws Exception {
        Path notZip = Files.writeString(dir.resolve("x.zip"), "plain text");
        var e = assertThrows(ZipExtraction.UnsafeZipException.class, () -> extract(notZip, dir.resolve("d")));
        assertTrue(e.getMessage().startsWith("Recursive uploads must be zip files"), e.getMessage());
    }
}
