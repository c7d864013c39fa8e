package dev.sandpod.agent.files;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sandpod.agent.SandboxContext;
import dev.sandpod.agent.SandboxUser;
import dev.sandpod.api.agent.Action;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Test fixture: a sandbox whose shell sits in a fixed temp dir, run by the current user (or a given one). */
record TestSandbox(Path currentDirectory, SandboxUser user) implements SandboxContext {

    static TestSandbox in(Path dir) {
        return new TestSandbox(dir, currentUser(dir));
    }

    static SandboxUser currentUser(Path dir) {
        try {
            int uid = (int) Files.getAttribute(dir, "unix:uid");
            int gid = (int) Files.getAttribute(dir, "unix:gid");
            return new SandboxUser(System.getProperty("user.name"), uid, gid, Path.of(System.getProperty("user.home")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** An action with {@code key, value} pairs as args (strings, integers, booleans or JSON nodes). */
    static Action action(String type, Object... keyValues) {
        ObjectNode args = Action.newArgs();
        for (int i = 0; i < keyValues.length; i += 2) {
            String key = (String) keyValues[i];
            Object value = keyValues[i + 1];
            switch (value) {
                case null -> args.putNull(key);
                case String s -> args.put(key, s);
                case Integer n -> args.put(key, n);
                case Boolean b -> args.put(key, b);
                case com.fasterxml.jackson.databind.JsonNode node -> args.set(key, node);
                default -> throw new IllegalArgumentException("unsupported arg " + value);
            }
        }
        return new Action(type, args);
    }

    static int uid(Path path) throws IOException {
        return (int) Files.getAttribute(path, "unix:uid", java.nio.file.LinkOption.NOFOLLOW_LINKS);
    }

    static int gid(Path path) throws IOException {
        return (int) Files.getAttribute(path, "unix:gid", java.nio.file.LinkOption.NOFOLLOW_LINKS);
    }

    static boolean runningAsRoot() {
        try {
            return (int) Files.getAttribute(Path.of("/proc/self"), "unix:uid") == 0;
        } catch (IOException e) {
            return false;
        }
    }

    /** Lets any user search and write {@code dir}, for tests that act as another user inside it. */
    static void openToEveryone(Path dir) throws IOException {
        Files.setPosixFilePermissions(dir, java.nio.file.attribute.PosixFilePermissions.fromString("rwxrwxrwx"));
    }
}
