package dev.sandpod.operator.runtime;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where the agent distribution ({@code bin/sandpod-agent} and its runtime) is for the process
 * runtime: {@code SANDPOD_AGENT_HOME}, else {@code sandbox-agent/target/sandpod-agent} of the
 * repository the operator runs in, found by walking up from the working directory.
 */
public final class AgentHome {

    static final String ENV = "SANDPOD_AGENT_HOME";
    static final Path IN_REPOSITORY = Path.of("sandbox-agent", "target", "sandpod-agent");

    private AgentHome() {
    }

    /** The configured or discovered home; when none is found, the path relative to the working directory, which ensure() reports. */
    public static Path locate() {
        String configured = System.getenv(ENV);
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured).toAbsolutePath();
        }
        return locateFrom(Path.of("").toAbsolutePath());
    }

    static Path locateFrom(Path start) {
        for (Path dir = start; dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve(IN_REPOSITORY);
            if (Files.isRegularFile(launcher(candidate))) {
                return candidate;
            }
        }
        return start.resolve(IN_REPOSITORY);
    }

    static Path launcher(Path home) {
        return home.resolve("bin").resolve("sandpod-agent");
    }
}
