package dev.sandpod.operator.it;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Container;
import dev.sandpod.api.session.SandboxSession;
import dev.sandpod.api.session.SandboxSessionSpec;
import dev.sandpod.api.session.SessionPhase;
import dev.sandpod.api.session.SessionRuntime;
import dev.sandpod.operator.OperatorConfig;
import dev.sandpod.operator.Runtimes;
import dev.sandpod.operator.runtime.DockerConnection;
import dev.sandpod.operator.runtime.DockerRuntime;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.CustomResourceDefinitionContext;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The reconcile loop on the mock API server with the real {@link DockerRuntime} and the real
 * sandbox image: a docker session becomes a container whose agent runs commands with the key from
 * the session's Secret, and its finalizer removes the container and its volume.
 */
@EnableKubernetesMockClient(crud = true)
@ExtendWith(RequiresSandboxImage.class)
class DockerSessionIT {

    private static final String NAMESPACE = "it-" + UUID.randomUUID().toString().substring(0, 8);
    // a Ready session is re-checked every 5 s (LOCAL_RECHECK): an exit is seen within that, plus a loaded machine's slack
    private static final Duration EXIT_SEEN = Duration.ofSeconds(30);

    static KubernetesMockServer server;
    static KubernetesClient client;

    private DockerClient docker;
    private Runtimes runtimes;
    private MockApiOperator operator;

    @BeforeEach
    void start() {
        RequiresSandboxImage.check();
        server.expectCustomResource(CustomResourceDefinitionContext.fromCustomResourceType(SandboxSession.class));
        docker = DockerConnection.open();
        runtimes = new Runtimes(Map.of("docker", new DockerRuntime()));
        operator = start(runtimes);
    }

    private static MockApiOperator start(Runtimes runtimes) {
        return MockApiOperator.start(client, NAMESPACE,
                OperatorConfig.defaults(SessionRuntime.DOCKER).withSandboxImage(RequiresSandboxImage.IMAGE), runtimes);
    }

    @AfterEach
    void stop() throws Exception {
        if (operator == null) {
            return; // the setup failed (Docker or the image missing) and said why
        }
        try {
            client.resources(SandboxSession.class).inAnyNamespace().delete();
            Eventually.await("sessions removed", () -> client.resources(SandboxSession.class).inAnyNamespace().list().getItems(),
                    List::isEmpty);
        } finally {
            operator.stop();
            runtimes.close();
            docker.close();
        }
    }

    /** Whatever a failed test left behind in Docker. */
    @AfterAll
    static void sweep() throws Exception {
        if (!DockerConnection.isReachable(Duration.ofSeconds(5))) {
            return;
        }
        try (DockerClient docker = DockerConnection.open()) {
            for (Container c : containers(docker, null)) {
                docker.removeContainerCmd(c.getId()).withForce(true).withRemoveVolumes(true).exec();
            }
            var volumes = docker.listVolumesCmd().withFilter("label", List.of("sandpod.dev/namespace=" + NAMESPACE))
                    .exec().getVolumes();
            for (var volume : volumes == null ? List.<com.github.dockerjava.api.command.InspectVolumeResponse>of() : volumes) {
                docker.removeVolumeCmd(volume.getName()).exec();
            }
        }
    }

    private static List<Container> containers(DockerClient docker, String session) {
        var labels = new java.util.HashMap<>(Map.of("sandpod.dev/namespace", NAMESPACE));
        if (session != null) {
            labels.put("sandpod.dev/name", session);
        }
        return docker.listContainersCmd().withShowAll(true).withLabelFilter(labels).exec();
    }

    private static String apiKey(SandboxSession session) {
        Secret secret = client.secrets().inNamespace(NAMESPACE).withName(session.getStatus().getTokenSecret()).get();
        return new String(Base64.getDecoder().decode(secret.getData().get("token")), StandardCharsets.UTF_8);
    }

    private SandboxSession awaitReady(String name) {
        return operator.awaitStatus(name, "Ready", s -> {
            // a failure never turns Ready: say why at once instead of timing out
            assertTrue(s.getStatus().getPhase() != SessionPhase.Failed, () -> "session failed: " + s.getStatus().getMessage());
            return s.getStatus().getPhase() == SessionPhase.Ready;
        });
    }

    @Test
    void readySessionRunsCommandsWithItsKeyAndItsDeletionRemovesContainerAndVolume() throws Exception {
        operator.create("demo", new SandboxSessionSpec());
        SandboxSession ready = awaitReady("demo");

        String endpoint = ready.getStatus().getEndpoint();
        assertTrue(endpoint.matches("http://127\\.0\\.0\\.1:\\d+"), endpoint);
        assertEquals("demo-token", ready.getStatus().getTokenSecret());
        String containerId = ready.getStatus().getContainerId();
        assertNotNull(containerId);
        var container = docker.inspectContainerCmd(containerId).exec();
        assertEquals("/sandpod-" + NAMESPACE + "_demo", container.getName());
        assertEquals(ready.getMetadata().getUid(), container.getConfig().getLabels().get("sandpod.dev/uid"));
        assertEquals("True", ready.getStatus().condition("Ready").getStatus());

        String key = apiKey(ready);
        AgentCalls.Answer ran = AgentCalls.run(endpoint, "echo hi", key);
        assertEquals(200, ran.status(), ran.text());
        assertEquals("run", ran.body().path("observation").asText(), ran.text());
        assertEquals("hi", ran.body().path("content").asText().strip(), ran.text());
        assertEquals(0, ran.body().path("extras").path("metadata").path("exit_code").asInt(-1), ran.text());
        assertEquals(401, AgentCalls.run(endpoint, "echo hi", null).status());
        assertEquals(401, AgentCalls.run(endpoint, "echo hi", key + "x").status());

        String volume = "sandpod-" + NAMESPACE + "_demo-workspace";
        assertNotNull(docker.inspectVolumeCmd(volume).exec());
        operator.delete("demo");
        operator.awaitGone("demo");
        assertThrows(NotFoundException.class, () -> docker.inspectContainerCmd(containerId).exec(), "container removed");
        assertThrows(NotFoundException.class, () -> docker.inspectVolumeCmd(volume).exec(), "workspace volume removed");
        assertTrue(containers(docker, "demo").isEmpty());
    }

    @Test
    void restartedOperatorAdoptsTheContainer() throws Exception {
        operator.create("again", new SandboxSessionSpec());
        SandboxSession ready = awaitReady("again");
        String containerId = ready.getStatus().getContainerId();

        operator.stop();
        runtimes.close();
        runtimes = new Runtimes(Map.of("docker", new DockerRuntime()));
        operator = start(runtimes);
        // the new operator's metrics count the session only once it reconciled it, adopting the container
        Eventually.await("the restarted operator reconciling the session", operator.registry::scrape,
                m -> m.contains("sandpod_sessions{phase=\"Ready\"} 1.0"));

        List<Container> containers = containers(docker, "again");
        assertEquals(1, containers.size(), containers::toString);
        assertEquals(containerId, containers.getFirst().getId());
        SandboxSession after = operator.get("again");
        assertEquals(SessionPhase.Ready, after.getStatus().getPhase());
        assertEquals(containerId, after.getStatus().getContainerId());
        assertEquals(ready.getStatus().getEndpoint(), after.getStatus().getEndpoint());
        assertEquals(200, AgentCalls.alive(after.getStatus().getEndpoint()));

        // and it is the new operator's finalizer that removes it
        operator.delete("again");
        operator.awaitGone("again");
        assertTrue(containers(docker, "again").isEmpty());
    }

    @Test
    void missingImageFailsNamingTheImage() {
        SandboxSessionSpec spec = new SandboxSessionSpec();
        spec.setImage("sandpod/does-not-exist:1");
        spec.setImagePullPolicy(dev.sandpod.api.session.ImagePullPolicy.Never);
        operator.create("noimage", spec);
        SandboxSession failed = operator.awaitStatus("noimage", "Failed", s -> s.getStatus().getPhase() == SessionPhase.Failed);
        assertEquals("ImageNotFound", failed.getStatus().condition("Ready").getReason());
        assertTrue(failed.getStatus().getMessage().contains("sandpod/does-not-exist:1"), failed.getStatus().getMessage());
        assertNull(failed.getStatus().getEndpoint());
        Eventually.await("a Warning ImageNotFound event", () -> operator.events("noimage"),
                events -> events.stream().anyMatch(e -> "ImageNotFound".equals(e.getReason()) && "Warning".equals(e.getType())
                        && e.getMessage().contains("sandpod/does-not-exist:1")));
        assertTrue(containers(docker, "noimage").isEmpty(), "no container without an image");
    }

    @Test
    void killedAgentIsFailedWithAgentExited() throws Exception {
        operator.create("killed", new SandboxSessionSpec());
        SandboxSession ready = awaitReady("killed");
        docker.killContainerCmd(ready.getStatus().getContainerId()).exec();

        SandboxSession failed = Eventually.await("Failed after docker kill", EXIT_SEEN, () -> operator.get("killed"),
                s -> s.getStatus().getPhase() == SessionPhase.Failed);
        assertEquals("AgentExited", failed.getStatus().condition("Ready").getReason());
        assertEquals("False", failed.getStatus().condition("AgentReady").getStatus());
        String message = failed.getStatus().getMessage();
        assertTrue(message.contains("sandpod-" + NAMESPACE + "_killed exited with code 137"), message);
        Eventually.await("a Warning AgentExited event", () -> operator.events("killed"),
                events -> events.stream().anyMatch(e -> "AgentExited".equals(e.getReason()) && "Warning".equals(e.getType())));
        List<Container> containers = containers(docker, "killed");
        assertEquals(1, containers.size(), "reported, not restarted or replaced");
    }

    @Test
    void specResourcesAreTheLimitsTheSandboxSees() throws Exception {
        SandboxSessionSpec spec = new SandboxSessionSpec();
        spec.setResources(new io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder()
                .addToLimits("memory", new io.fabric8.kubernetes.api.model.Quantity("300Mi"))
                .addToLimits("cpu", new io.fabric8.kubernetes.api.model.Quantity("500m"))
                .addToLimits("pids", new io.fabric8.kubernetes.api.model.Quantity("300")).build());
        operator.create("limited", spec);
        SandboxSession ready = awaitReady("limited");

        // read by the sandbox's own shell: cgroup v1 files, else v2
        AgentCalls.Answer limits = AgentCalls.run(ready.getStatus().getEndpoint(), """
                c=/sys/fs/cgroup; if [ -d $c/memory ]; then
                  echo "$(cat $c/memory/memory.limit_in_bytes) $(cat $c/pids/pids.max) $(cat $c/cpu/cpu.cfs_quota_us) $(cat $c/cpu/cpu.cfs_period_us)"
                else
                  echo "$(cat $c/memory.max) $(cat $c/pids.max) $(cat $c/cpu.max)"
                fi""", apiKey(ready));
        assertEquals(200, limits.status(), limits.text());
        String[] seen = limits.body().path("content").asText().strip().split("\\s+");
        assertEquals(String.valueOf(300L << 20), seen[0], "memory limit: " + limits.text());
        assertEquals("300", seen[1], "pids limit: " + limits.text());
        assertEquals(Long.parseLong(seen[3]) / 2, Long.parseLong(seen[2]), "half a CPU: " + limits.text());
    }

    @Test
    void thePlatformsPolicyAppliesToDockerSessionsToo() {
        SandboxSessionSpec spec = new SandboxSessionSpec();
        dev.sandpod.api.session.SessionUser root = new dev.sandpod.api.session.SessionUser();
        root.setRoot(true);
        spec.setUser(root);
        operator.create("rooted", spec);
        SandboxSession failed = operator.awaitStatus("rooted", "Failed", s -> s.getStatus().getPhase() == SessionPhase.Failed);
        assertEquals("PolicyDenied", failed.getStatus().condition("Ready").getReason());
        assertTrue(failed.getStatus().getMessage().contains("policy.allowRoot"), failed.getStatus().getMessage());
        assertTrue(containers(docker, "rooted").isEmpty(), "no container for a denied session");

        operator.create("defaults", new SandboxSessionSpec());
        SandboxSession ready = awaitReady("defaults");
        var host = docker.inspectContainerCmd(ready.getStatus().getContainerId()).exec().getHostConfig();
        assertEquals(2L << 30, host.getMemory(), "the policy's default memory limit, 2Gi");
        assertEquals(25, host.getCpuShares(), "the policy's default CPU request, 25m, as the CPU weight (1,024 per CPU)");
        assertTrue(host.getNanoCPUs() == null || host.getNanoCPUs() == 0, "no CPU limit by default: " + host.getNanoCPUs());
    }
}
