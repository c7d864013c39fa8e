package dev.sandpod.cli;

import com.github.dockerjava.api.DockerClient;
import dev.sandpod.operator.runtime.DockerConnection;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * {@code sandpod/sandbox:dev} with this checkout's agent distribution in {@code /opt/sandpod}: the
 * shared image may carry an agent built from another branch, and the CLI test must exercise the
 * agent this build made.
 */
final class CurrentAgentImage {

    static final String TAG = "sandpod/sandbox-cli-it:test";

    private CurrentAgentImage() {
    }

    static String build(Path agentDistribution) throws IOException {
        Path context = Files.createTempDirectory("sandpod-cli-it-image");
        try (DockerClient docker = DockerConnection.open()) {
            copyTree(agentDistribution, context.resolve("sandpod-agent"));
            Files.writeString(context.resolve("Dockerfile"), """
                    FROM sandpod/sandbox:dev
                    RUN rm -rf /opt/sandpod
                    COPY sandpod-agent /opt/sandpod
                    """);
            docker.buildImageCmd().withBaseDirectory(context.toFile()).withDockerfile(context.resolve("Dockerfile").toFile())
                    .withTags(Set.of(TAG)).withPull(false).start().awaitImageId(10, TimeUnit.MINUTES);
            return TAG;
        } finally {
            try (Stream<Path> paths = Files.walk(context)) {
                for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> paths = Files.walk(from)) {
            for (Path source : paths.toList()) {
                Path target = to.resolve(from.relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(source, target, java.nio.file.StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
    }
}
