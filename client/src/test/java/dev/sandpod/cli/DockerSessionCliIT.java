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

import static org.junit.jupiter.api.Assertions.assertEquals;
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
        SandpodHome home = new SandpodHome(scratch.resolve("home"));
        LocalSessionFlow.upExecCopyListLogsDown(home, "docker", "docker-cli-it", scratch, "--image", image());
    }

    /** The limits as the sandbox's own shell reads them (cgroup v1 files, else v2). */
    @Test
    void memoryAndCpusBecomeTheContainersLimitsAndWithoutThemTheDefaultsApply() throws Exception {
        SandpodHome home = new SandpodHome(scratch.resolve("home"));
        String read = "c=/sys/fs/cgroup; if [ -d $c/memory ]; then echo $(cat $c/memory/memory.limit_in_bytes)"
                + " $(cat $c/cpu/cpu.cfs_quota_us) $(cat $c/cpu/cpu.cfs_period_us); else echo $(cat $c/memory.max) $(cat $c/cpu.max); fi";
        try {
            CliRun up = CliRun.run(home, "up", "limited-cli-it", "--runtime", "docker", "--image", image(), "--memory", "300Mi",
                    "--cpus", "500m", "--timeout", "120");
            assertEquals(0, up.exitCode(), up.toString());
            String[] limited = CliRun.run(home, "exec", "limited-cli-it", "--", read).out().strip().split("\\s+");
            assertEquals(String.valueOf(300L << 20), limited[0], String.join(" ", limited));
            assertEquals(Long.parseLong(limited[2]) / 2, Long.parseLong(limited[1]), "half a CPU: " + String.join(" ", limited));

            CliRun plain = CliRun.run(home, "up", "default-cli-it", "--runtime", "docker", "--image", image(), "--timeout", "120");
            assertEquals(0, plain.exitCode(), plain.toString());
            String[] defaults = CliRun.run(home, "exec", "default-cli-it", "--", read).out().strip().split("\\s+");
            assertEquals(String.valueOf(2L << 30), defaults[0], "the policy's default memory limit, 2Gi: " + String.join(" ", defaults));
        } finally {
            for (String name : new String[] {"limited-cli-it", "default-cli-it"}) {
                if (home.find(name).isPresent()) {
                    CliRun.run(home, "down", name);
                }
            }
        }
    }

    private static String image;

    /** The sandbox image with this checkout's agent, built once for the class. */
    private static synchronized String image() throws java.io.IOException {
        if (image == null) {
            Path agent = Path.of(System.getProperty("sandpod.repository", ".."), "sandbox-agent", "target", "sandpod-agent");
            assertTrue(Files.isExecutable(agent.resolve("bin/sandpod-agent")),
                    "build the agent first: mvn -B -DskipTests install -pl sandbox-agent -am");
            image = CurrentAgentImage.build(agent);
        }
        return image;
    }
}
