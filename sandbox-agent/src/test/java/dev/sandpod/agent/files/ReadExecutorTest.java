package dev.sandpod.agent.files;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.sandpod.api.agent.Observation;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;

import static dev.sandpod.agent.files.TestSandbox.action;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ReadExecutorTest {

    @TempDir
    Path dir;
    private ReadExecutor read;

    @BeforeEach
    void setUp() {
        read = new ReadExecutor(TestSandbox.in(dir));
    }

    @Test
    void readsAFileRelativeToTheShellsDirectory() throws Exception {
        Files.writeString(dir.resolve("notes.txt"), "one\ntwo\nthree\n");
        Observation obs = read.execute(action("read", "path", "notes.txt"));
        assertEquals("read", obs.observation());
        assertEquals("one\ntwo\nthree\n", obs.content());
        assertEquals(dir + "/notes.txt", obs.extras().get("path"));
        assertEquals("default", obs.extras().get("impl_source"));
        assertEquals("read", read.type());
    }

    @Test
    void readsALineRange() throws Exception {
        Files.writeString(dir.resolve("n.txt"), "l0\nl1\nl2\nl3\nl4\n");
        assertEquals("l1\nl2\n", read.execute(action("read", "path", dir + "/n.txt", "start", 1, "end", 3)).content());
        assertEquals("l3\nl4\n", read.execute(action("read", "path", "n.txt", "start", 3)).content());
        assertEquals("l2\nl3\n", read.execute(action("read", "path", "n.txt", "start", "2", "end", "4")).content());
    }

    @Test
    void windowsLineEndsReadAsNewlines() throws Exception {
        Files.writeString(dir.resolve("crlf.txt"), "a\r\nb\r\n");
        assertEquals("a\nb\n", read.execute(action("read", "path", "crlf.txt")).content());
    }

    @Test
    void missingFileSaysWhereTheShellIs() {
        Observation obs = read.execute(action("read", "path", "nope/missing.txt"));
        assertTrue(obs.isError());
        assertEquals("File not found: " + dir + "/nope/missing.txt. Your current working directory is " + dir + ".",
                obs.content());
    }

    @Test
    void directoryIsRefused() throws Exception {
        Files.createDirectory(dir.resolve("sub"));
        Observation obs = read.execute(action("read", "path", "sub"));
        assertTrue(obs.isError());
        assertEquals("Path is a directory: " + dir + "/sub. You can only read files", obs.content());
    }

    @Test
    void invalidUtf8IsRefused() throws Exception {
        Files.write(dir.resolve("latin1.txt"), new byte[] {'c', 'a', 'f', (byte) 0xe9, '\n'});
        Observation obs = read.execute(action("read", "path", "latin1.txt"));
        assertEquals("File could not be decoded as utf-8: " + dir + "/latin1.txt.", obs.content());
        assertTrue(obs.isError());
    }

    @Test
    void imagesAndPdfsComeBackAsDataUrls() throws Exception {
        byte[] png = {(byte) 0x89, 'P', 'N', 'G', 0, 1, 2, (byte) 0xff};
        Files.write(dir.resolve("pic.PNG"), png);
        Files.write(dir.resolve("doc.pdf"), new byte[] {'%', 'P', 'D', 'F', 0});
        Files.write(dir.resolve("photo.jpg"), new byte[] {1, 2, 3});
        assertEquals("data:image/png;base64," + Base64.getEncoder().encodeToString(png),
                read.execute(action("read", "path", "pic.PNG")).content());
        assertEquals("data:application/pdf;base64,JVBERgA=", read.execute(action("read", "path", "doc.pdf")).content());
        assertEquals("data:image/jpeg;base64,AQID", read.execute(action("read", "path", "photo.jpg")).content());
    }

    @Test
    void editorSourceUsesTheEditorsView() throws Exception {
        Path file = dir.resolve("v.txt");
        Files.writeString(file, "a\nb\nc\n");
        var range = JsonNodeFactory.instance.arrayNode().add(2).add(3);
        Observation obs = read.execute(action("read", "path", file.toString(), "impl_source", "oh_aci", "view_range", range));
        assertEquals("read", obs.observation());
        assertEquals("Here's the result of running `cat -n` on " + file + ":\n     2\tb\n     3\tc\n", obs.content());
        assertEquals("oh_aci", obs.extras().get("impl_source"));
        Observation relative = read.execute(action("read", "path", "v.txt", "impl_source", "oh_aci"));
        assertTrue(relative.content().startsWith("ERROR:\nInvalid `path` parameter: v.txt."), relative.content());
    }

    @Test
    void fifosAreRefusedInsteadOfBlocking() throws Exception {
        Path fifo = dir.resolve("pipe");
        Process mkfifo = new ProcessBuilder("mkfifo", fifo.toString()).start();
        org.junit.jupiter.api.Assumptions.assumeTrue(mkfifo.waitFor() == 0, "mkfifo is available");
        assertEquals("Not a regular file: " + fifo + ". You can only read files",
                read.execute(action("read", "path", "pipe")).content());
        assertTrue(new EditExecutor(TestSandbox.in(dir)).execute(action("edit", "command", "view", "path", fifo.toString()))
                .content().contains("Not a regular file"));
        assertTrue(new WriteExecutor(TestSandbox.in(dir)).execute(action("write", "path", "pipe", "content", "x"))
                .content().startsWith("Not a regular file"));
    }

    @Test
    void malformedArgumentsSayWhatToFix() {
        Observation missing = read.execute(action("read"));
        assertTrue(missing.isError());
        assertTrue(missing.content().contains("`path`"), missing.content());
        Observation mistyped = read.execute(action("read", "path", "x", "start", "first"));
        assertTrue(mistyped.isError());
        assertTrue(mistyped.content().contains("`start`") && mistyped.content().contains("integer"), mistyped.content());
        Observation nul = read.execute(action("read", "path", "a\u0000b"));
        assertTrue(nul.content().startsWith("Malformed paths not permitted: "), nul.content());
    }
}
