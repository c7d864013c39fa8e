package dev.sandpod.operator.runtime;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.abort;

import com.github.dockerjava.api.DockerClient;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/** Builds {@code sandpod/runtime-fixture:test} from the local Debian base (layer cache makes rebuilds quick). */
final class RuntimeFixtureImage {

    static final String TAG = "sandpod/runtime-fixture:test";
    static final String BASE = "debian:bookworm-slim";

    private RuntimeFixtureImage() {
    }

    /** Removes whatever a test class left in the engine: the containers and volumes labelled with its namespace. */
    static void sweep(DockerClient docker, String namespace) {
        for (var c : docker.listContainersCmd().withShowAll(true)
                .withLabelFilter(java.util.Map.of(SandboxNames.NAMESPACE_LABEL, namespace)).exec()) {
            docker.removeContainerCmd(c.getId()).withForce(true).withRemoveVolumes(true).exec();
        }
        var volumes = docker.listVolumesCmd()
                .withFilter("label", java.util.List.of(SandboxNames.NAMESPACE_LABEL + "=" + namespace)).exec().getVolumes();
        for (var volume : volumes == null ? java.util.List.<com.github.dockerjava.api.command.InspectVolumeResponse>of() : volumes) {
            docker.removeVolumeCmd(volume.getName()).exec();
        }
    }

    static void build(DockerClient docker) throws IOException {
        if (!RequiresDocker.hasImage(docker, BASE)) {
            String message = "The base image " + BASE + " is not in the local Docker engine; import it with"
                    + " images/build.sh (debootstrap + docker import) before the Docker runtime tests";
            if (RequiresDocker.REQUIRED) {
                fail(message);
            }
            abort(message);
        }
        Path context = Files.createTempDirectory("sandpod-runtime-fixture");
        for (String file : new String[] {"Dockerfile", "sandpod-agent"}) {
            try (InputStream in = RuntimeFixtureImage.class.getResourceAsStream("/runtime-fixture/" + file)) {
                Files.copy(in, context.resolve(file));
            }
        }
        docker.buildImageCmd().withBaseDirectory(context.toFile()).withDockerfile(context.resolve("Dockerfile").toFile())
                .withTags(Set.of(TAG)).withPull(false).start().awaitImageId(10, TimeUnit.MINUTES);
    }
}
