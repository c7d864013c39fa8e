package dev.sandpod.agent;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * A user made on this host for one test class (needs root), with an unused uid, and removed with
 * its home afterwards; an in-process agent started with {@link #agentArgs(Path)} runs its shell as it.
 */
record TestUser(String name, int uid) {

    static TestUser create(String prefix) throws IOException, InterruptedException {
        String name = prefix + Long.toString(ProcessHandle.current().pid(), 36);
        String passwd = Files.readString(Path.of("/etc/passwd"));
        int uid;
        do {
            uid = ThreadLocalRandom.current().nextInt(20_000, 30_000);
        } while (passwd.contains(":" + uid + ":"));
        run("useradd", "--create-home", "--shell", "/bin/bash", "--uid", Integer.toString(uid), name);
        return new TestUser(name, uid);
    }

    /** Flags that start an agent whose shell runs as this user in {@code workingDir}. */
    String[] agentArgs(Path workingDir) {
        return new String[] {"--username", name, "--user-id", Integer.toString(uid), "--working-dir", workingDir.toString()};
    }

    /** A new temporary directory that belongs to this user (mode 0750), e.g. the agent's working directory. */
    Path ownedDirectory() throws IOException, InterruptedException {
        Path dir = Files.createTempDirectory("sandpod-" + name + "-");
        run("chown", name + ":", dir.toString());
        Files.setPosixFilePermissions(dir, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-x---"));
        return dir;
    }

    void remove() throws IOException, InterruptedException {
        // userdel warns (and exits non-zero) about a missing mail spool; the user is gone all the same
        new ProcessBuilder("userdel", "--remove", name).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor(60, TimeUnit.SECONDS);
        Files.deleteIfExists(Path.of("/etc/sudoers.d/sandpod-" + name.replace('.', '_')));
    }

    private static void run(String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IOException(String.join(" ", command) + " failed: " + output);
        }
    }
}
