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

    /**
     * The same launch with the shell, and so everything started in it, given {@code oom_score_adj}
     * {@code adjustment} before it becomes the sandbox user: when memory runs out, the kernel kills
     * the user's processes before the agent. A process may always raise its own score; {@code sh}
     * writes it, then execs the shell's command line.
     */
    public ShellLaunch withOomScoreAdj(int adjustment) {
        if (!java.nio.file.Files.isExecutable(Path.of("/bin/sh"))) {
            return this;
        }
        List<String> wrapped = new java.util.ArrayList<>(List.of("/bin/sh", "-c",
                "echo " + adjustment + " > /proc/self/oom_score_adj 2>/dev/null; exec \"$@\"", "sh"));
        wrapped.addAll(command);
        return new ShellLaunch(wrapped, environment, workingDir);
    }

    /** The same launch starting in another directory (a restarted shell keeps the last cwd). */
    ShellLaunch in(Path directory) {
        return new ShellLaunch(command, environment, directory);
    }
}
