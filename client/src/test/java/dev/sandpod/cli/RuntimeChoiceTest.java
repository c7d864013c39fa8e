package dev.sandpod.cli;

import dev.sandpod.api.session.SessionRuntime;
import dev.sandpod.client.SandpodHome;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The process runtime, which isolates nothing, is never a silent choice: without a cluster and
 * without Docker, {@code sandpod up} says plainly before starting that the session has no isolation.
 */
class RuntimeChoiceTest {

    @TempDir
    Path dir;
    private String dockerHost;

    @BeforeEach
    void noDocker() {
        // docker-java reads DOCKER_HOST from system properties before the environment
        dockerHost = System.getProperty("DOCKER_HOST");
        System.setProperty("DOCKER_HOST", "unix://" + dir.resolve("no-docker.sock"));
    }

    @AfterEach
    void restore() {
        if (dockerHost == null) {
            System.clearProperty("DOCKER_HOST");
        } else {
            System.setProperty("DOCKER_HOST", dockerHost);
        }
    }

    private SessionLocator noCluster() {
        return new SessionLocator(new SandpodHome(dir.resolve("home")), Map.of("KUBECONFIG", dir.resolve("none").toString()));
    }

    @Test
    void withNeitherClusterNorDockerTheFallbackWarnsThatThereIsNoIsolation() {
        StringWriter err = new StringWriter();
        try (SessionLocator locator = noCluster()) {
            assertEquals(SessionRuntime.PROCESS, RuntimeChoice.choose(null, null, locator, new PrintWriter(err, true)));
        }
        String said = err.toString();
        assertTrue(said.contains("not using Kubernetes"), said);
        assertTrue(said.contains("not using Docker: no Docker engine answers at unix://" + dir.resolve("no-docker.sock")), said);
        assertTrue(said.contains("WARNING: no sandbox runtime is available, so this session runs as a LOCAL PROCESS WITH NO ISOLATION"),
                said);
        assertTrue(said.contains("they can read and change your files"), said);
        assertTrue(said.contains("pass --runtime process"), said);
    }

    @Test
    void askingForTheProcessRuntimeStillNamesWhatItIs() {
        StringWriter err = new StringWriter();
        try (SessionLocator locator = noCluster()) {
            assertEquals(SessionRuntime.PROCESS, RuntimeChoice.choose("process", null, locator, new PrintWriter(err, true)));
        }
        assertTrue(err.toString().contains("--runtime process: the session runs as a local process, with no isolation"), err.toString());
        assertTrue(!err.toString().contains("WARNING"), "asked for by name: one line, not the warning: " + err);
    }
}
