package dev.sandpod.cli;

import dev.sandpod.client.SandpodHome;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** The command line end to end against a local process session: the real agent, real bash, real files. */
class ProcessSessionCliIT {

    @TempDir
    Path scratch;

    @BeforeAll
    static void agentIsBuilt() {
        Path launcher = Path.of(System.getProperty("sandpod.repository", ".."), "sandbox-agent", "target", "sandpod-agent",
                "bin", "sandpod-agent");
        assertTrue(Files.isExecutable(launcher), "the process runtime needs the agent distribution at " + launcher
                + ": build it with 'mvn -B -DskipTests install -pl sandbox-agent -am'");
    }

    @Test
    void upExecCopyListLogsDown() throws Exception {
        SandpodHome home = new SandpodHome(scratch.resolve("home"));
        LocalSessionFlow.upExecCopyListLogsDown(home, "process", "proc-it", scratch);
    }
}
