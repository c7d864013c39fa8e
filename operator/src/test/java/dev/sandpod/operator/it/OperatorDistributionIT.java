package dev.sandpod.operator.it;

import dev.sandpod.api.session.SandboxSession;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.CustomResourceDefinitionContext;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The packaged operator (target/sandpod-operator: the jlink'ed runtime, the launcher, the jars), and
 * the image built from it, started as a user starts them: against an API server over TLS (the mock
 * server, https) they become ready and serve metrics, which a module missing from the jlink'ed
 * runtime would prevent; without any cluster they exit at once saying what to do.
 */
@EnableKubernetesMockClient(https = true, crud = true)
class OperatorDistributionIT {

    private static final Path LAUNCHER = Path.of("target", "sandpod-operator", "bin", "sandpod-operator");
    /** The operator image under test: {@code SANDPOD_TEST_OPERATOR_IMAGE}, else the default one. */
    private static final String IMAGE = System.getenv().getOrDefault("SANDPOD_TEST_OPERATOR_IMAGE", "sandpod/operator:dev");

    static KubernetesMockServer server;
    static KubernetesClient client;

    @TempDir
    Path dir;
    private final List<Process> processes = new ArrayList<>();
    private String container;

    @BeforeEach
    void serveSessions() {
        server.expectCustomResource(CustomResourceDefinitionContext.fromCustomResourceType(SandboxSession.class));
    }

    @AfterEach
    void stop() throws Exception {
        for (Process process : processes) {
            process.destroy();
            if (!process.waitFor(15, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        }
        if (container != null) {
            new ProcessBuilder("docker", "rm", "-f", container).redirectErrorStream(true).start().waitFor(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void distributionBecomesReadyAgainstATlsApiServer() throws Exception {
        int port = freePort();
        Path log = dir.resolve("operator.log");
        ProcessBuilder builder = new ProcessBuilder(LAUNCHER.toAbsolutePath().toString(), "--http-port=" + port)
                .redirectErrorStream(true).redirectOutput(log.toFile());
        operatorEnvironment(builder.environment(), writeKubeconfig().toString());
        processes.add(builder.start());

        awaitReady(port, log);
        String metrics = get(port, "/metrics").orElseThrow().body();
        assertTrue(metrics.contains("sandpod_reconcile_errors_total 0.0"), metrics);
        String output = Files.readString(log);
        assertTrue(output.contains("event=starting defaultRuntime=kubernetes"), output);
        assertFalse(output.contains("NoClassDefFoundError") || output.contains("ClassNotFoundException"),
                "a module is missing from operator.jlink.modules in operator/pom.xml:\n" + output);
    }

    @Test
    void distributionWithoutAClusterExitsSayingWhatToDo() throws Exception {
        ProcessBuilder builder = new ProcessBuilder(LAUNCHER.toAbsolutePath().toString()).redirectErrorStream(true);
        Map<String, String> env = builder.environment();
        env.keySet().removeIf(k -> k.startsWith("KUBE") || k.startsWith("SANDPOD_"));
        env.put("HOME", dir.toString()); // no ~/.kube/config
        Process process = builder.start();
        processes.add(process);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "the operator must exit without a cluster, not hang");
        String output = new String(process.getInputStream().readAllBytes());
        assertEquals(1, process.exitValue(), output);
        assertTrue(output.contains("sandpod operator: no Kubernetes cluster configured"), output);
        assertTrue(output.contains("KUBECONFIG"), output);
    }

    @Test
    @EnabledIf("imagePresent")
    void imageBecomesReadyAsNonRootOnAReadOnlyRootFileSystem() throws Exception {
        int port = freePort();
        Path kubeconfig = writeKubeconfig();
        kubeconfig.toFile().setReadable(true, false);
        container = "sandpod-operator-it-" + ProcessHandle.current().pid();
        List<String> command = new ArrayList<>(List.of("docker", "run", "--rm", "--name", container, "--network", "host",
                "--read-only", "--tmpfs", "/tmp", "--cap-drop", "ALL", "--security-opt", "no-new-privileges",
                "-v", kubeconfig + ":/etc/sandpod/kubeconfig:ro", "-e", "KUBECONFIG=/etc/sandpod/kubeconfig",
                "-e", "SANDPOD_HTTP_PORT=" + port));
        Map<String, String> env = new java.util.LinkedHashMap<>();
        operatorEnvironment(env, null);
        env.forEach((k, v) -> command.addAll(List.of("-e", k + "=" + v)));
        command.add(IMAGE);
        Path log = dir.resolve("container.log");
        processes.add(new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start());

        awaitReady(port, log);
        Process inspect = new ProcessBuilder("docker", "inspect", "-f", "{{.Config.User}}", container).redirectErrorStream(true).start();
        inspect.waitFor(30, TimeUnit.SECONDS);
        assertEquals("65532:65532", new String(inspect.getInputStream().readAllBytes()).trim(), "the image runs as non-root");
    }

    static boolean imagePresent() throws Exception {
        Process p = new ProcessBuilder("docker", "image", "inspect", IMAGE).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
    }

    private static void operatorEnvironment(Map<String, String> env, String kubeconfig) {
        env.keySet().removeIf(k -> k.startsWith("KUBE") || k.startsWith("SANDPOD_"));
        if (kubeconfig != null) {
            env.put("KUBECONFIG", kubeconfig);
        }
        env.put("SANDPOD_DEFAULT_RUNTIME", "kubernetes");
        env.put("SANDPOD_RUNTIMES", "kubernetes");
        env.put("SANDPOD_NAMESPACES", "*"); // outside a cluster the namespaces must be named
        env.put("SANDPOD_LEADER_ELECTION", "false");
    }

    /** A kubeconfig for the mock API server: TLS with its self-signed certificate, a token. */
    private Path writeKubeconfig() throws IOException {
        String url = client.getMasterUrl().toString();
        assertTrue(url.startsWith("https://"), url);
        return Files.writeString(dir.resolve("kubeconfig"), """
                apiVersion: v1
                kind: Config
                clusters:
                  - name: mock
                    cluster: {server: "%s", insecure-skip-tls-verify: true}
                users:
                  - name: mock
                    user: {token: not-a-real-token}
                contexts:
                  - name: mock
                    context: {cluster: mock, user: mock, namespace: test}
                current-context: mock
                """.formatted(url));
    }

    private static void awaitReady(int port, Path log) {
        try {
            Eventually.await("/readyz 200 on port " + port, () -> get(port, "/readyz").filter(r -> r.statusCode() == 200),
                    Optional::isPresent);
        } catch (AssertionError e) {
            String output;
            try {
                output = Files.readString(log);
            } catch (IOException io) {
                output = io.toString();
            }
            throw new AssertionError(e.getMessage() + "\noperator output:\n" + output, e);
        }
    }

    private static Optional<HttpResponse<String>> get(int port, String path) {
        try (HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build()) {
            return Optional.of(http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString()));
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
