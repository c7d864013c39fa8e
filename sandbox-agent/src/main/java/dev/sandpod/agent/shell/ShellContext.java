package dev.sandpod.agent.shell;

import dev.sandpod.agent.SandboxContext;
import dev.sandpod.agent.SandboxUser;

import java.nio.file.Path;

/**
 * The sandbox as file actions see it. The directory is the one the latest prompt reported, kept
 * in a volatile field so that file actions never wait for a long command holding the shell.
 */
public final class ShellContext implements SandboxContext {

    private final SandboxUser user;
    private volatile Path currentDirectory;

    public ShellContext(SandboxUser user, Path workingDir) {
        this.user = user;
        this.currentDirectory = workingDir;
    }

    @Override
    public Path currentDirectory() {
        return currentDirectory;
    }

    @Override
    public SandboxUser user() {
        return user;
    }

    void moveTo(String directory) {
        if (directory != null && !directory.isEmpty()) {
            currentDirectory = Path.of(directory);
        }
    }
}
