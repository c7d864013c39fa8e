package dev.sandpod.agent.files;

import dev.sandpod.agent.SandboxUser;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Gives files the agent creates to the sandbox user. The agent usually runs as root while the
 * shell runs as the sandbox user; files it creates must not end up root-owned where the user's
 * own commands could not change them. Without root the agent cannot change owners, and files it
 * creates already belong to the user it runs as.
 */
final class FileOwnership {

    /** The mode OpenHands gives files that {@code write} creates. */
    static final Set<PosixFilePermission> NEW_FILE_MODE = PosixFilePermissions.fromString("rw-rw-r--");

    private static final boolean ROOT = detectRoot();

    private final SandboxUser user;

    FileOwnership(SandboxUser user) {
        this.user = user;
    }

    /** Mode 0664 and owner the sandbox user, for a file the agent just created. */
    void claimNewFile(Path file) throws IOException {
        Files.setPosixFilePermissions(file, NEW_FILE_MODE);
        claim(file);
    }

    /** Owner the sandbox user, for a file or directory the agent just created (mode as created). */
    void claim(Path path) throws IOException {
        if (!ROOT) {
            return;
        }
        if (uid(path) != user.uid()) {
            Files.setAttribute(path, "unix:uid", user.uid(), LinkOption.NOFOLLOW_LINKS);
        }
        if ((int) Files.getAttribute(path, "unix:gid", LinkOption.NOFOLLOW_LINKS) != user.gid()) {
            Files.setAttribute(path, "unix:gid", user.gid(), LinkOption.NOFOLLOW_LINKS);
        }
    }

    /**
     * Creates the missing directories of {@code dir} and gives each one created to the user.
     */
    void createDirectories(Path dir) throws IOException {
        Path absolute = dir.toAbsolutePath();
        Path existing = absolute;
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        Files.createDirectories(absolute);
        Path created = absolute;
        while (created != null && !created.equals(existing)) {
            claim(created);
            created = created.getParent();
        }
    }

    static int uid(Path path) throws IOException {
        return (int) Files.getAttribute(path, "unix:uid", LinkOption.NOFOLLOW_LINKS);
    }

    static boolean runningAsRoot() {
        return ROOT;
    }

    private static boolean detectRoot() {
        try {
            // /proc/self resolves to this process's directory, owned by its effective uid
            return (int) Files.getAttribute(Path.of("/proc/self"), "unix:uid") == 0;
        } catch (IOException | RuntimeException e) {
            return "root".equals(System.getProperty("user.name"));
        }
    }
}
