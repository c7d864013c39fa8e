package dev.sandpod.agent.files;

import dev.sandpod.agent.SandboxUser;
import dev.sandpod.api.agent.Observation;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import static dev.sandpod.agent.files.TestSandbox.action;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class WriteExecutorTest {

    @TempDir
    Path dir;
    private WriteExecutor write;

    @BeforeEach
    void setUp() {
        write = new WriteExecutor(TestSandbox.in(dir));
    }

    @Test
    void newFileGetsParentsTrailingNewlinesAndMode0664() throws Exception {
        Observation obs = write.execute(action("write", "path", "a/b/new.txt", "content", "x\ny"));
        Path file = dir.resolve("a/b/new.txt");
        assertEquals("write", obs.observation());
        assertEquals("", obs.content());
        assertEquals(file.toString(), obs.extras().get("path"));
        assertEquals("x\ny\n", Files.readString(file));
        assertEquals("rw-rw-r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        assertEquals(TestSandbox.uid(dir), TestSandbox.uid(file));
    }

    @Test
    void contentEndingInNewlineGetsAnEmptyLineAsInOpenHands() throws Exception {
        write.execute(action("write", "path", "t.txt", "content", "x\n"));
        assertEquals("x\n\n", Files.readString(dir.resolve("t.txt")));
    }

    @Test
    void existingFileIsReplacedAndKeepsItsMode() throws Exception {
        Path file = dir.resolve("keep.sh");
        Files.writeString(file, "old\nlines\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-x---"));
        write.execute(action("write", "path", file.toString(), "content", "new"));
        assertEquals("new\n", Files.readString(file));
        assertEquals("rwxr-x---", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
    }

    @Test
    void lineRangeIsReplaced() throws Exception {
        Path file = dir.resolve("r.txt");
        Files.writeString(file, "1\n2\n3\n4\n");
        write.execute(action("write", "path", "r.txt", "content", "X\nY", "start", 1, "end", 3));
        assertEquals("1\nX\nY\n4\n", Files.readString(file));
        write.execute(action("write", "path", "r.txt", "content", "top", "start", 0, "end", 1));
        assertEquals("top\nX\nY\n4\n", Files.readString(file));
    }

    @Test
    void asRootNewFilesBelongToTheSandboxUserWhoseRightsApply() throws Exception {
        assumeTrue(TestSandbox.runningAsRoot(), "acting as another user needs root");
        TestSandbox.openToEveryone(dir);
        SandboxUser other = new SandboxUser("sandpod-test-nobody", 4321, 4322, dir);
        try (UserFileAccess access = UserFileAccess.forUser(other)) {
            var asOther = access.asUser(new WriteExecutor(new TestSandbox(dir, other)));
            asOther.execute(action("write", "path", "deep/owned.txt", "content", "hi"));
            Path file = dir.resolve("deep/owned.txt");
            assertEquals(4321, TestSandbox.uid(file));
            assertEquals(4322, TestSandbox.gid(file));
            assertEquals(4321, TestSandbox.uid(dir.resolve("deep")), "created parents belong to the user too");

            Path shared = dir.resolve("shared.txt");
            Files.writeString(shared, "a\n");
            Files.setAttribute(shared, "unix:uid", 1234);
            Files.setAttribute(shared, "unix:gid", 1235);
            Files.setPosixFilePermissions(shared, PosixFilePermissions.fromString("rw-rw-rw-"));
            asOther.execute(action("write", "path", "shared.txt", "content", "b"));
            assertEquals("b\n", Files.readString(shared));
            assertEquals(1234, TestSandbox.uid(shared), "a file written in place keeps its owner");
            assertEquals(1235, TestSandbox.gid(shared));

            Path theirs = dir.resolve("theirs.txt");
            Files.writeString(theirs, "mine\n");
            Observation denied = asOther.execute(action("write", "path", "theirs.txt", "content", "b"));
            assertTrue(denied.isError());
            assertEquals("Permission denied: the sandbox user sandpod-test-nobody (uid 4321) cannot write " + theirs
                    + ". File actions have the rights of the sandbox user, as its shell commands do.", denied.content());
            assertEquals("mine\n", Files.readString(theirs));
        }
    }

    @Test
    void errorsAsOpenHandsWordsThem() throws Exception {
        Files.createDirectory(dir.resolve("d"));
        assertEquals("Path is a directory: " + dir + "/d. You can only write to files",
                write.execute(action("write", "path", "d", "content", "x")).content());
        Files.write(dir.resolve("bin.dat"), new byte[] {(byte) 0xff, (byte) 0xfe});
        assertEquals("File could not be decoded as utf-8: " + dir + "/bin.dat",
                write.execute(action("write", "path", "bin.dat", "content", "x")).content());
        assertEquals("Malformed paths not permitted: " + dir + "/a\u0000b",
                write.execute(action("write", "path", "a\u0000b", "content", "x")).content());
        Files.writeString(dir.resolve("plain"), "file");
        Observation underFile = write.execute(action("write", "path", "plain/x.txt", "content", "x"));
        assertTrue(underFile.isError());
        assertTrue(underFile.content().contains("parent"), underFile.content());
    }

    @Test
    void missingContentSaysWhatToAdd() {
        Observation obs = write.execute(action("write", "path", "x.txt"));
        assertTrue(obs.isError());
        assertTrue(obs.content().contains("`content`"), obs.content());
        Observation wrongType = write.execute(action("write", "path", "x.txt", "content", 5));
        assertTrue(wrongType.content().contains("must be a string"), wrongType.content());
    }
}
