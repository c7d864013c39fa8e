package dev.sandpod.agent;

import java.nio.file.Path;

/**
 * The user the shell runs as and new files belong to.
 *
 * @param name the login name
 * @param uid  the numeric user id
 * @param gid  the numeric primary group id
 * @param home the home directory
 */
public record SandboxUser(String name, int uid, int gid, Path home) {
}
