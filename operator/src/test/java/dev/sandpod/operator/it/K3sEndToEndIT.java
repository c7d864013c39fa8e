package dev.sandpod.operator.it;

import dev.sandpod.api.session.ImagePullPolicy;
import dev.sandpod.api.session.SandboxSession;
import dev.sandpod.api.session.SandboxSessionSpec;
import dev.sandpod.api.session.SessionPhase;
import dev.sandpod.api.session.SessionRuntime;
import dev.sandpod.operator.OperatorConfig;
import dev.sandpod.operator.Runtimes;
import dev.sandpod.operator.SandpodOperator;
import dev.sandpod.operator.SessionMetrics;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.LocalPortForward;
import io.javaoperatorsdk.operator.Operator;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.testcontainers.k3s.K3sContainer;
import org.testcontainers.utility.DockerImageName;
import org.testcontainers.utility.MountableFile;

import java.io.FileInputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * End to end on a real Kubernetes (k3s in Docker): installs the CRD from crds/, imports the
 * sandbox image into k3s, runs the operator against it, creates a session, and runs a command
 * through the agent. Skipped, with the reason, where the k3s or sandbox image is not present locally
 * (this machine cannot pull images): {@code docker pull rancher/k3s:TAG} and build images/ first.
 * The operator runs outside the cluster, so its probe and the test reach the agent through a
 * port-forward (the probe host/port override documented in docs/operator.md).
 */
@EnabledIf(value = "imagesPresent", disabledReason = "needs local Docker images " + "rancher/k3s (SANDPOD_K3S_IMAGE) and "
        + OperatorConfig.DEFAULT_SANDBOX_IMAGE + "; this machine cannot pull them")
class K3sEndToEndIT {

    static final String K3S_IMAGE = System.getenv().getOrDefault("SANDPOD_K3S_IMAGE", "rancher/k3s:v1.31.4-k3s1");

    static K3sContainer k3s;
    static KubernetesClient client;
    static Operator operator;
    static int probePort;

    static boolean imagesPresent() {
        return Local.imagePresent(K3S_IMAGE) && Local.imagePresent(OperatorConfig.DEFAULT_SANDBOX_IMAGE);
    }

    @BeforeAll
    static void startCluster() throws Exception {
        k3s = new K3sContainer(DockerImageName.parse(K3S_IMAGE).asCompatibleSubstituteFor("rancher/k3s"));
        k3s.start();
        Path tar = Files.createTempFile("sandpod-sandbox", ".tar");
        Local.run("docker", "save", "-o", tar.toString(), OperatorConfig.DEFAULT_SANDBOX_IMAGE);
        k3s.copyFileToContainer(MountableFile.forHostPath(tar), "/tmp/sandbox.tar");
        var imported = k3s.execInContainer("ctr", "images", "import", "/tmp/sandbox.tar");
        assertEquals(0, imported.getExitCode(), imported.getStderr());
        Files.delete(tar);

        client = new KubernetesClientBuilder().withConfig(Config.fromKubeconfig(k3s.getKubeConfigYaml())).build();
        try (var crd = new FileInputStream("../crds/sandboxsessions.sandpod.dev-v1.yml")) {
            client.load(crd).serverSideApply();
        }
        try (ServerSocket socket = new ServerSocket(0)) {
            probePort = socket.getLocalPort();
        }
        OperatorConfig config = OperatorConfig.defaults(SessionRuntime.KUBERNETES).withAgentProbe("127.0.0.1", probePort);
        operator = SandpodOperator.create(client, config, Runtimes.kubernetesOnly(),
                new SessionMetrics(new SimpleMeterRegistry()), o -> o.withCloseClientOnStop(false));
        operator.start();
    }

    @AfterAll
    static void stopCluster() {
        if (operator != null) {
            operator.stop();
        }
        if (client != null) {
            client.close();
        }
        if (k3s != null) {
            k3s.stop(); // Ryuk is disabled on these machines: close what we started
        }
    }

    @Test
    void sessionRunsACommand() throws Exception {
        SandboxSession session = new SandboxSession();
        session.setMetadata(new ObjectMetaBuilder().withName("e2e").withNamespace("default").build());
        SandboxSessionSpec spec = new SandboxSessionSpec();
        spec.setImagePullPolicy(ImagePullPolicy.Never);
        session.setSpec(spec);
        client.resource(session).create();

        Eventually.await("pod running", () -> client.pods().inNamespace("default").withName("e2e-sandbox").get(),
                p -> p.getStatus() != null && "Running".equals(p.getStatus().getPhase()));
        try (LocalPortForward forward = client.pods().inNamespace("default").withName("e2e-sandbox")
                .portForward(OperatorConfig.AGENT_PORT, probePort)) {
            SandboxSession ready = Eventually.await("session Ready",
                    () -> client.resources(SandboxSession.class).inNamespace("default").withName("e2e").get(),
                    s -> s.getStatus() != null && s.getStatus().getPhase() == SessionPhase.Ready);
            assertEquals("http://e2e.default.svc:47000", ready.getStatus().getEndpoint());

            String key = new String(Base64.getDecoder().decode(client.secrets().inNamespace("default")
                    .withName(ready.getStatus().getTokenSecret()).get().getData().get("token")), StandardCharsets.UTF_8);
            HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                            URI.create("http://127.0.0.1:" + forward.getLocalPort() + "/execute_action"))
                    .header("X-Session-API-Key", key).header("Content-Type", "application/json")
                    .timeout(Duration.ofSeconds(60))
                    .POST(HttpRequest.BodyPublishers.ofString(
                            "{\"action\":{\"action\":\"run\",\"args\":{\"command\":\"echo hello-$((40+2))\",\"blocking\":true},\"timeout\":30}}"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, response.statusCode(), response.body());
            assertTrue(response.body().contains("hello-42"), response.body());
        }
        client.resources(SandboxSession.class).inNamespace("default").withName("e2e").delete();
        Eventually.await("pod collected", () -> client.pods().inNamespace("default").withName("e2e-sandbox").get() == null
                ? "gone" : null, s -> true);
    }

    /** The local Docker engine, asked without Testcontainers (whose detection pulls images here). */
    static final class Local {
        static boolean imagePresent(String image) {
            try {
                Process p = new ProcessBuilder("docker", "image", "inspect", image).redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
                return p.waitFor(20, TimeUnit.SECONDS) && p.exitValue() == 0;
            } catch (Exception e) {
                return false;
            }
        }

        static void run(String... command) throws Exception {
            Process p = new ProcessBuilder(command).inheritIO().start();
            if (!p.waitFor(5, TimeUnit.MINUTES) || p.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed");
            }
        }
    }
}
