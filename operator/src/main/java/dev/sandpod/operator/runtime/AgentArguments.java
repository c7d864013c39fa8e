package dev.sandpod.operator.runtime;

import java.util.ArrayList;
import java.util.List;

/**
 * The command line of the sandbox agent ({@code sandpod-agent --port P --working-dir DIR
 * --username U --user-id N [--no-change-timeout S] [--plugins P...]}), shared by the runtimes so
 * they start the agent the same way. {@code --plugins} comes last because it takes every value after it.
 */
final class AgentArguments {

    /** The agent's port inside a container. */
    static final int CONTAINER_PORT = 47000;
    static final String DEFAULT_WORKING_DIR = "/workspace";
    static final String DEFAULT_USER = "sandbox";
    static final int DEFAULT_UID = 1000;

    private AgentArguments() {
    }

    /** The user the shell runs as in a sandbox: root when asked for, else the request's user with defaults. */
    static String userName(SandboxRequest request) {
        if (request.root()) {
            return "root";
        }
        return blank(request.userName()) ? DEFAULT_USER : request.userName();
    }

    static int userId(SandboxRequest request) {
        if (request.root()) {
            return 0;
        }
        return request.userId() > 0 ? request.userId() : DEFAULT_UID;
    }

    static String workingDir(SandboxRequest request) {
        return blank(request.workingDir()) ? DEFAULT_WORKING_DIR : request.workingDir();
    }

    static List<String> of(SandboxRequest request, int port, String workingDir, String userName, int userId) {
        List<String> args = new ArrayList<>(List.of(
                "--port", Integer.toString(port),
                "--working-dir", workingDir,
                "--username", userName,
                "--user-id", Integer.toString(userId)));
        if (request.noChangeSeconds() > 0) {
            args.add("--no-change-timeout");
            args.add(Integer.toString(request.noChangeSeconds()));
        }
        if (request.plugins() != null && !request.plugins().isEmpty()) {
            args.add("--plugins");
            args.addAll(request.plugins());
        }
        return args;
    }

    static boolean blank(String value) {
        return value == null || value.isBlank();
    }
}
