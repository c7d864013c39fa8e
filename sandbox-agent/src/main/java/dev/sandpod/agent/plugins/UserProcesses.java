package dev.sandpod.agent.plugins;

import dev.sandpod.agent.SandboxUser;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Starts the plugins' helper processes (the IPython kernel, Chromium) with the sandbox user's
 * rights, exactly as the shell is started: the same wrapper in front of the command (setpriv to
 * the user when the agent runs as root, nothing otherwise) and the shell's environment, which
 * never holds the session's API key.
 *
 * @param user        the sandbox user
 * @param wrapper     what goes before the program to drop to the user, possibly empty
 * @param environment the shell's environment
 */
public record UserProcesses(SandboxUser user, List<String> wrapper, Map<String, String> environment) {

    public UserProcesses {
        wrapper = List.copyOf(wrapper);
        environment = Map.copyOf(environment);
    }

    /**
     * The processes of the user a shell is started as: {@code shellCommand} is the shell's command
     * line, and whatever stands before its {@code --} (the setpriv wrapper) is used for the
     * plugins too, so they never get more rights than the shell.
     */
    public static UserProcesses likeShell(SandboxUser user, List<String> shellCommand, Map<String, String> environment) {
        int end = shellCommand.indexOf("--");
        List<String> wrapper = end < 0 ? List.of() : shellCommand.subList(0, end + 1);
        return new UserProcesses(user, wrapper, environment);
    }

    /**
     * A process builder for {@code command} run as the user, in {@code directory}.
     *
     * @throws IllegalStateException when the agent runs as root, the user is not root, and no
     *                               wrapper drops to the user: a helper must never run as root then
     */
    public ProcessBuilder builder(List<String> command, Path directory) {
        if (wrapper.isEmpty() && user.uid() != 0 && agentIsRoot()) {
            throw new IllegalStateException("the agent runs as root but has no way to run " + command.getFirst()
                    + " as " + user.name() + " (the shell's command line has no setpriv ... -- wrapper); refusing to run it as root");
        }
        List<String> full = new ArrayList<>(wrapper);
        full.addAll(command);
        ProcessBuilder builder = new ProcessBuilder(full).directory(directory.toFile());
        builder.environment().clear();
        builder.environment().putAll(environment);
        return builder;
    }

    /**
     * A fresh private directory (mode 0700) that the user owns, for a kernel's connection file or
     * a browser profile; the agent's temp directory is used, so nothing lands in the workspace.
     */
    public Path privateDirectory(String prefix) throws IOException {
        Path dir = Files.createTempDirectory(prefix, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        if (runsAsOtherUser()) {
            Files.setAttribute(dir, "unix:uid", user.uid(), LinkOption.NOFOLLOW_LINKS);
            Files.setAttribute(dir, "unix:gid", user.gid(), LinkOption.NOFOLLOW_LINKS);
        }
        return dir;
    }

    /** Gives a file the agent created to the user (when the agent runs as another user). */
    public void giveToUser(Path file) throws IOException {
        if (runsAsOtherUser()) {
            Files.setAttribute(file, "unix:uid", user.uid(), LinkOption.NOFOLLOW_LINKS);
            Files.setAttribute(file, "unix:gid", user.gid(), LinkOption.NOFOLLOW_LINKS);
        }
    }

    private static boolean agentIsRoot() {
        try {
            return (int) Files.getAttribute(Path.of("/proc/self"), "unix:uid") == 0;
        } catch (IOException | UnsupportedOperationException e) {
            return true; // unknown: assume the worst
        }
    }

    private boolean runsAsOtherUser() {
        return !wrapper.isEmpty();
    }

    /**
     * Ends a helper process: SIGTERM, then SIGKILL after a grace period, and SIGKILL to whatever
     * children it left (Chromium's renderers, a kernel's subprocesses).
     */
    public static void stop(Process process) {
        List<ProcessHandle> children = process.descendants().toList();
        process.destroy();
        try {
            if (!process.waitFor(3, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, java.util.concurrent.TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        children.forEach(ProcessHandle::destroyForcibly);
    }

    /** Removes a directory made by {@link #privateDirectory}, with everything in it; best effort. */
    public static void deleteTree(Path dir) {
        if (dir == null) {
            return;
        }
        try (var paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(path -> {
                try {
                    Files.deleteIfExists(path);
                } catch (IOException e) {
                    // a file the user's process still writes, or one it made unremovable: left behind
                }
            });
        } catch (IOException | java.io.UncheckedIOException e) {
            // nothing more to do
        }
    }
}
