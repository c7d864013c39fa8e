package dev.sandpod.cli;

import dev.sandpod.client.SandpodHome;
import dev.sandpod.operator.OperatorConfig;
import dev.sandpod.operator.runtime.DockerRuntime;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The command line end to end against a local Docker session, in the sandbox image with this
 * checkout's agent ({@link CurrentAgentImage}). Needs a Docker engine and the sandbox image
 * ({@code images/build.sh sandbox}): skipped without them, failed instead under
 * {@code SANDPOD_REQUIRE_DOCKER=1} (CI).
 */
class DockerSessionCliIT {

    @TempDir
    Path scratch;

    @BeforeAll
    static void dockerAndImage() {
        String missing = !DockerRuntime.isReachable() ? "no Docker engine answers"
                : !RuntimeChoice.imagePresent(OperatorConfig.DEFAULT_SANDBOX_IMAGE)
                ? "image " + OperatorConfig.DEFAULT_SANDBOX_IMAGE + " is missing (build it with images/build.sh sandbox)" : null;
        if (missing == null) {
            return;
        }
        if ("1".equals(System.getenv("SANDPOD_REQUIRE_DOCKER"))) {
            fail("SANDPOD_REQUIRE_DOCKER=1 but " + missing);
        }
        Assumptions.abort("Skipping the Docker CLI test: " + missing);
    }

    @Test
    void upExecCopyListLogsDown() throws Exception {
        Path agent = Path.of(System.getProperty("sandpod.repository", ".."), "sandbox-agent", "target", "sandpod-agent");
        assertTrue(Files.isExecutable(agent.resolve("bin/sandpod-agent")),
                "build the agent first: mvn -B -DskipTests install -pl sandbox-agent -am");
        String image = CurrentAgentImage.build(agent);
        SandpodHome home = new SandpodHome(scratch.resolve("home"));
        LocalSessionFlow.upExecCopyListLogsDown(home, "docker", "docker-cli-it", scratch, "--image", image);
    }
}
