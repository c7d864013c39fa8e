package dev.sandpod.agent;

import java.nio.file.Path;

/**
 * What file actions need to know of the sandbox: the shell's current directory (relative paths
 * are resolved against it) and the user the sandbox runs as (new files belong to them).
 */
public interface SandboxContext {

    /** The persistent shell's current working directory. */
    Path currentDirectory();

    /** The sandbox user, owner of the files the agent creates. */
    SandboxUser user();
}
