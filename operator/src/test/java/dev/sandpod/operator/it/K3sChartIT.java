package dev.sandpod.operator.it;

import com.marcnuri.helm.Helm;
import dev.sandpod.api.session.SandboxSession;
import dev.sandpod.api.session.SessionPhase;
import dev.sandpod.operator.OperatorConfig;
import dev.sandpod.operator.chart.RenderedChart;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.LocalPortForward;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.testcontainers.k3s.K3sContainer;
import org.testcontainers.utility.DockerImageName;
import org.testcontainers.utility.MountableFile;

import java.io.FileInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The path a user takes, on a real Kubernetes (k3s in Docker) with RBAC enforced: both images
 * imported, {@code helm install} of charts/sandpod (CRD, operator in the cluster with the chart's
 * RBAC), {@code kubectl apply -f examples/session.yaml}, the key read from the Secret, an action
 * posted through a port-forward, the session deleted, {@code helm uninstall}. Skipped, with the
 * reason, where the k3s, sandbox or operator image is not present locally (this machine cannot
 * pull images): {@code docker pull rancher/k3s:TAG} and {@code images/build.sh all} first.
 */
@EnabledIf(value = "imagesPresent", disabledReason = "needs local Docker images rancher/k3s (SANDPOD_K3S_IMAGE), "
        + OperatorConfig.DEFAULT_SANDBOX_IMAGE + " and " + K3sChartIT.OPERATOR_IMAGE + "; this machine cannot pull them")
class K3sChartIT {

    static final String OPERATOR_IMAGE = "sandpod/operator:dev";
    private static final String NAMESPACE = "sandpod-system";

    static K3sContainer k3s;
    static KubernetesClient client;
    static Path kubeconfig;

    static boolean imagesPresent() {
        return K3sEndToEndIT.Local.imagePresent(K3sEndToEndIT.K3S_IMAGE)
                && K3sEndToEndIT.Local.imagePresent(OperatorConfig.DEFAULT_SANDBOX_IMAGE)
                && K3sEndToEndIT.Local.imagePresent(OPERATOR_IMAGE);
    }

    @BeforeAll
    static void startCluster() throws Exception {
        k3s = new K3sContainer(DockerImageName.parse(K3sEndToEndIT.K3S_IMAGE).asCompatibleSubstituteFor("rancher/k3s"));
        k3s.start();
        Path tar = Files.createTempFile("sandpod-images", ".tar");
        K3sEndToEndIT.Local.run("docker", "save", "-o", tar.toString(), OperatorConfig.DEFAULT_SANDBOX_IMAGE, OPERATOR_IMAGE);
        k3s.copyFileToContainer(MountableFile.forHostPath(tar), "/tmp/images.tar");
        var imported = k3s.execInContainer("ctr", "images", "import", "/tmp/images.tar");
        assertEquals(0, imported.getExitCode(), imported.getStderr());
        Files.delete(tar);
        kubeconfig = Files.createTempFile("k3s", ".kubeconfig");
        Files.writeString(kubeconfig, k3s.getKubeConfigYaml());
        client = new KubernetesClientBuilder().withConfig(Config.fromKubeconfig(k3s.getKubeConfigYaml())).build();
    }

    @AfterAll
    static void stopCluster() throws Exception {
        if (client != null) {
            client.close();
        }
        if (k3s != null) {
            k3s.stop(); // Ryuk is disabled on these machines: close what we started
        }
        if (kubeconfig != null) {
            Files.deleteIfExists(kubeconfig);
        }
    }

    @Test
    void helmInstallThenTheExampleSessionRunsACommand() throws Exception {
        new Helm(RenderedChart.CHART).install().withName("sandpod").withNamespace(NAMESPACE).createNamespace()
                .withKubeConfig(kubeconfig).set("image.pullPolicy", "Never").waitReady().withTimeout(300).call();
        assertTrue(client.apiextensions().v1().customResourceDefinitions().withName("sandboxsessions.sandpod.dev").get() != null,
                "helm installed the CRD from charts/sandpod/crds");

        try (var example = new FileInputStream("../examples/session.yaml")) {
            client.load(example).inNamespace("default").create();
        }
        SandboxSession ready = Eventually.await("session demo Ready (operator in the cluster, chart RBAC)",
                () -> client.resources(SandboxSession.class).inNamespace("default").withName("demo").get(),
                s -> s.getStatus() != null && s.getStatus().getPhase() == SessionPhase.Ready);
        assertEquals("http://demo.default.svc:47000", ready.getStatus().getEndpoint());

        String key = new String(Base64.getDecoder().decode(client.secrets().inNamespace("default")
                .withName("demo-token").get().getData().get("token")), StandardCharsets.UTF_8);
        try (LocalPortForward forward = client.pods().inNamespace("default").withName("demo-sandbox")
                .portForward(OperatorConfig.AGENT_PORT)) {
            HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                            URI.create("http://127.0.0.1:" + forward.getLocalPort() + "/execute_action"))
                    .header("X-Session-API-Key", key).header("Content-Type", "application/json")
                    .timeout(Duration.ofSeconds(60))
                    .POST(HttpRequest.BodyPublishers.ofString(
                            "{\"action\": {\"action\": \"run\", \"args\": {\"command\": \"echo hello-$((40+2))\"}}}"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, response.statusCode(), response.body());
            assertTrue(response.body().contains("hello-42"), response.body());
        }

        client.resources(SandboxSession.class).inNamespace("default").withName("demo").delete();
        Eventually.await("session deleted (the operator removed its finalizer)",
                () -> client.resources(SandboxSession.class).inNamespace("default").withName("demo").get() == null ? "gone" : null,
                s -> true);
        Helm.uninstall("sandpod").withNamespace(NAMESPACE).withKubeConfig(kubeconfig).call();
    }
}
