package dev.sandpod.cli;

import dev.sandpod.client.AgentClient;
import dev.sandpod.client.AgentException;
import dev.sandpod.client.FileEdit;
import dev.sandpod.client.LocalSessionRecord;
import dev.sandpod.client.SandpodHome;
import dev.sandpod.client.WrongApiKeyException;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The end-to-end path a user takes with a local session, shared by the process and Docker ITs:
 * up, exec (exit code), cp both ways (contents compared), ls, logs, the SDK's errors, down.
 */
final class LocalSessionFlow {

    private LocalSessionFlow() {
    }

    static void upExecCopyListLogsDown(SandpodHome home, String runtime, String name, Path scratch, String... upOptions)
            throws IOException {
        try {
            flow(home, runtime, name, scratch, upOptions);
        } finally {
            // sessions outlive the command that made them: a failed assertion must not leave one running
            if (home.find(name).isPresent()) {
                CliRun.run(home, "down", name);
            }
        }
    }

    private static void flow(SandpodHome home, String runtime, String name, Path scratch, String... upOptions)
            throws IOException {
        String[] upArgs = java.util.stream.Stream.concat(java.util.stream.Stream.of("up", name, "--runtime", runtime,
                "--timeout", "120"), java.util.Arrays.stream(upOptions)).toArray(String[]::new);
        CliRun up = CliRun.run(home, upArgs);
        assertEquals(0, up.exitCode(), up.toString());
        String endpoint = up.out().strip();
        assertTrue(endpoint.matches("http://127\\.0\\.0\\.1:\\d+"), up.toString());
        assertTrue(up.err().contains("Ready"), "progress shows the phases: " + up);

        LocalSessionRecord record = home.find(name).orElseThrow();
        assertEquals(runtime, record.runtime());
        assertEquals(endpoint, record.endpoint());
        Path keyFile = home.dir(name).resolve("key");
        assertEquals(Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE),
                Files.getPosixFilePermissions(keyFile));
        String key = Files.readString(keyFile).strip();
        assertFalse(up.out().contains(key) || up.err().contains(key), "the key is never printed");

        CliRun exec = CliRun.run(home, "exec", name, "--", "echo hello from $0; exit 7");
        assertEquals(7, exec.exitCode(), exec.toString());
        assertTrue(exec.out().contains("hello from"), exec.toString());
        CliRun words = CliRun.run(home, "exec", name, "--", "printf", "%s|", "a b", "c");
        assertEquals(0, words.exitCode(), words.toString());
        assertTrue(words.out().contains("a b|c|"), "arguments keep their spaces: " + words);

        // cp both ways: a file, and a directory tree
        Path file = Files.writeString(scratch.resolve("notes.txt"), "line 1\nünïcode line 2\n");
        Path tree = scratch.resolve("tree");
        Files.createDirectories(tree.resolve("sub/deeper"));
        Files.writeString(tree.resolve("top.txt"), "top\n");
        Files.write(tree.resolve("sub/deeper/data.bin"), new byte[]{0, 1, 2, (byte) 255, 10, 13});
        String workdir = CliRun.run(home, "exec", name, "--", "pwd").out().strip();
        CliRun upFile = CliRun.run(home, "cp", file.toString(), name + ":" + workdir + "/copied.txt");
        assertEquals(0, upFile.exitCode(), upFile.toString());
        CliRun upTree = CliRun.run(home, "cp", tree.toString(), name + ":" + workdir);
        assertEquals(0, upTree.exitCode(), upTree.toString());
        CliRun cat = CliRun.run(home, "exec", name, "--", "cat copied.txt tree/top.txt && wc -c < tree/sub/deeper/data.bin");
        assertEquals("line 1\nünïcode line 2\ntop\n6", cat.out().strip().replace("\r", ""), cat.toString());

        Path back = scratch.resolve("back");
        Files.createDirectories(back);
        CliRun downFile = CliRun.run(home, "cp", name + ":" + workdir + "/copied.txt", back.resolve("again.txt").toString());
        assertEquals(0, downFile.exitCode(), downFile.toString());
        assertEquals(Files.readString(file), Files.readString(back.resolve("again.txt")));
        CliRun downTree = CliRun.run(home, "cp", name + ":" + workdir + "/tree", back.toString());
        assertEquals(0, downTree.exitCode(), downTree.toString());
        assertEquals("top\n", Files.readString(back.resolve("tree/top.txt")));
        assertTrue(java.util.Arrays.equals(Files.readAllBytes(tree.resolve("sub/deeper/data.bin")),
                Files.readAllBytes(back.resolve("tree/sub/deeper/data.bin"))));
        CliRun missing = CliRun.run(home, "cp", name + ":" + workdir + "/nope.txt", back.toString());
        assertEquals(1, missing.exitCode(), missing.toString());
        assertTrue(missing.err().contains("No file or directory " + workdir + "/nope.txt"), missing.toString());

        CliRun ls = CliRun.run(home, "ls");
        assertEquals(0, ls.exitCode(), ls.toString());
        assertTrue(ls.out().lines().anyMatch(l -> l.startsWith(name + " ") && l.contains(runtime) && l.contains("Ready")
                && l.contains(endpoint)), ls.toString());

        CliRun logs = CliRun.run(home, "logs", name);
        assertEquals(0, logs.exitCode(), logs.toString());
        assertTrue(logs.out().contains("agent ready"), logs.toString());

        CliRun shell = CliRun.runWithInput(home, "cd /tmp\necho shell-said-$((6*7))\nexit\n", "shell", name);
        assertEquals(0, shell.exitCode(), shell.toString());
        assertTrue(shell.out().contains("shell-said-42"), shell.toString());
        assertTrue(shell.out().contains(":/tmp$ "), "the prompt follows the shell's cwd: " + shell);

        // the SDK on the same session: typed errors
        AgentClient agent = new AgentClient(URI.create(endpoint), key);
        AgentException notFound = assertThrows(AgentException.class, () -> agent.read("/definitely/not/here.txt"));
        assertTrue(notFound.getMessage().contains("File not found"), notFound.getMessage());
        assertThrows(WrongApiKeyException.class, () -> new AgentClient(URI.create(endpoint), "wrong").run("true"));
        agent.write(workdir + "/written.txt", "one\ntwo");
        agent.edit(FileEdit.create(workdir + "/edited.txt", "alpha\n"));
        agent.edit(FileEdit.insert(workdir + "/edited.txt", 1, "beta"));
        assertEquals("one\ntwo\nalpha\nbeta", agent.run("cd " + workdir + " && cat written.txt edited.txt").output().strip().replace("\r", ""));
        agent.edit(FileEdit.undo(workdir + "/edited.txt"));
        assertEquals("alpha", agent.run("cat edited.txt").output().strip());
        assertTrue(agent.listFiles(workdir).containsAll(java.util.List.of("tree/", "copied.txt", "edited.txt")),
                agent.listFiles(workdir).toString());

        CliRun down = CliRun.run(home, "down", name);
        assertEquals(0, down.exitCode(), down.toString());
        assertTrue(home.find(name).isEmpty(), "record removed");
        assertFalse(agent.alive(), "the agent is gone after down");
        CliRun gone = CliRun.run(home, "exec", name, "--", "true");
        assertEquals(1, gone.exitCode(), gone.toString());
        assertTrue(gone.err().contains("sandpod ls"), gone.toString());
        assertFalse(CliRun.run(home, "ls").out().contains(name + " "), "ls no longer lists it");
    }
}
