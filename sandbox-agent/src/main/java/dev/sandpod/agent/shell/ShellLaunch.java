package dev.sandpod.agent.shell;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * How to start the persistent bash: the command line (bash itself, or bash wrapped to drop to the
 * sandbox user), its environment and its first working directory.
 */
public record ShellLaunch(List<String> command, Map<String, String> environment, Path workingDir) {

    public ShellLaunch {
        command = List.copyOf(command);
        environment = Map.copyOf(environment);
    }

    /** The same launch starting in another directory (a restarted shell keeps the last cwd). */
    ShellLaunch in(Path directory) {
        return new ShellLaunch(command, environment, directory);
    }
}
