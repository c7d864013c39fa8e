package dev.sandpod.operator.runtime;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The working directory of a local agent. The container default {@code /workspace} (or none)
 * means the session's own {@code workspace/} directory, removed with the session; any other
 * absolute path is used as it is (a project directory the user wants to work in) and kept.
 */
final class LocalWorkingDir {

    static final String WORKSPACE = "workspace";

    private LocalWorkingDir() {
    }

    static Path resolve(SandboxRequest request, Path sessionDir) throws IOException {
        String asked = request.workingDir();
        if (AgentArguments.blank(asked) || asked.equals(AgentArguments.DEFAULT_WORKING_DIR)) {
            return Files.createDirectories(sessionDir.resolve(WORKSPACE));
        }
        Path dir = Path.of(asked);
        if (!dir.isAbsolute()) {
            throw new IllegalArgumentException("spec.workingDir '" + asked + "' must be an absolute path");
        }
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new IllegalArgumentException("spec.workingDir " + asked + " cannot be created by the operator's user: "
                    + e.getMessage() + "; choose a directory that user may write, or leave it unset", e);
        }
        if (!Files.isWritable(dir)) {
            throw new IllegalArgumentException("spec.workingDir " + asked + " is not writable by the operator's user; "
                    + "choose a directory that user may write, or leave it unset");
        }
        return dir;
    }

    /** The operator's uid: the owner of a directory it created (no native call, no /proc). */
    static int currentUid(Path ownDir) throws IOException {
        Object uid = Files.getAttribute(ownDir, "unix:uid");
        return (Integer) uid;
    }
}
