package dev.sandpod.operator.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.zerodep.ZerodepDockerHttpClient;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An engine that is not there is a FAILED state saying what to start, not an exception from the reconciler. */
class DockerRuntimeUnavailableTest {

    @Test
    void ensureAndInspectReportAnUnreachableEngine(@TempDir Path temp) throws Exception {
        URI host = URI.create("unix://" + temp.resolve("no-docker.sock"));
        DefaultDockerClientConfig config = DefaultDockerClientConfig.createDefaultConfigBuilder().withDockerHost(host.toString()).build();
        try (DockerClient docker = DockerClientImpl.getInstance(config, new ZerodepDockerHttpClient.Builder()
                .dockerHost(host).connectionTimeout(Duration.ofSeconds(2)).responseTimeout(Duration.ofSeconds(2)).build());
             DockerRuntime runtime = new DockerRuntime(docker)) {
            SandboxRequest request = new SandboxRequest("ns", "s", "u", "img:1", "Never", null, null, 0, false, Map.of(),
                    List.of(), 0, "k");
            SandboxState ensured = runtime.ensure(request);
            assertEquals("DockerUnavailable", ensured.reason(), ensured::toString);
            assertTrue(ensured.message().contains("start dockerd or set DOCKER_HOST"), ensured.message());
            assertEquals("DockerUnavailable", runtime.inspect("ns", "s").reason());
        }
    }
}
