package dev.sandpod.client;

import dev.sandpod.api.session.SandboxSession;
import dev.sandpod.api.session.SessionRuntime;
import dev.sandpod.operator.OperatorConfig;
import dev.sandpod.operator.Runtimes;
import dev.sandpod.operator.SandpodOperator;
import dev.sandpod.operator.SessionMetrics;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.CustomResourceDefinitionContext;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.javaoperatorsdk.operator.Operator;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The SDK against the real operator on fabric8's mock API server (CRUD mode). The mock has no
 * kubelet, so this test plays the pod's part: it writes the pod's status, and runs the real agent
 * on 127.0.0.1 with the key the operator put into the session's Secret. The SDK reaches it through
 * {@link KubernetesSessions#withAgentAddress} (the mock cannot port-forward).
 */
@EnableKubernetesMockClient(crud = true)
class KubernetesSessionsIT {

    static KubernetesMockServer server;
    static KubernetesClient client;

    @TempDir
    Path scratch;

    private Operator operator;
    private int agentPort;
    private Process agent;
    private KubernetesSessions sessions;

    @BeforeEach
    void startOperator() throws IOException {
        server.expectCustomResource(CustomResourceDefinitionContext.fromCustomResourceType(SandboxSession.class));
        agentPort = freePort();
        OperatorConfig config = OperatorConfig.defaults(SessionRuntime.KUBERNETES).withAgentProbe(null, agentPort);
        operator = SandpodOperator.create(client, config, Runtimes.kubernetesOnly(),
                new SessionMetrics(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT)),
                o -> o.withUseSSAToPatchPrimaryResource(false)
                        .withSSABasedCreateUpdateMatchForDependentResources(false)
                        .withCloseClientOnStop(false));
        operator.start();
        sessions = Sandpod.kubernetes(client, "test").withAgentAddress(URI.create("http://127.0.0.1:" + agentPort));
    }

    @AfterEach
    void stop() throws InterruptedException {
        client.resources(SandboxSession.class).inAnyNamespace().delete();
        await("sessions removed", () -> client.resources(SandboxSession.class).inAnyNamespace().list().getItems(), List::isEmpty);
        operator.stop();
        if (agent != null) {
            agent.destroyForcibly();
            agent.waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void createFollowsTheSessionToReadyAndRunsActionsOnItsAgent() throws Exception {
        List<String> progress = Collections.synchronizedList(new ArrayList<>());
        CompletableFuture<Session> created = CompletableFuture.supplyAsync(() -> sessions.create(
                SessionOptions.named("demo"), Duration.ofSeconds(120), (phase, detail) -> progress.add(phase + " " + detail)));

        await("pod", () -> client.pods().inNamespace("test").withName("demo-sandbox").get(), p -> true);
        String key = key("demo");
        setPodStatus("demo-sandbox", readyOnLoopback());
        await("Starting observed", () -> List.copyOf(progress), seen -> seen.stream().anyMatch(s -> s.startsWith("Starting")));
        agent = startAgent(key);

        try (Session session = created.get(120, TimeUnit.SECONDS)) {
            assertEquals("http://demo.test.svc:47000", session.endpoint().toString());
            assertEquals("kubernetes", session.runtime());
            List<String> phases = progress.stream().map(s -> s.split(" ")[0]).distinct().toList();
            assertEquals(List.of("Pending", "Starting", "Ready"), phases, "every phase came through the watch: " + progress);
            assertTrue(progress.stream().anyMatch(s -> s.contains("AgentReady=False(AgentNotAnswering)")), progress.toString());

            CommandResult result = session.agent().run("echo sdk-$((40+2)) && cd /tmp");
            assertEquals(0, result.exitCode());
            assertTrue(result.output().contains("sdk-42"), result.output());
            assertEquals("/tmp", result.workingDir());
            CommandResult failed = session.agent().run("false");
            assertEquals(1, failed.exitCode());

            Path local = Files.writeString(scratch.resolve("in.txt"), "uploaded through the SDK\n");
            session.agent().upload(local, scratch.resolve("remote").toString());
            assertTrue(session.agent().listFiles(scratch.resolve("remote").toString()).contains("in.txt"));
            assertEquals("uploaded through the SDK\n", session.agent().read(scratch.resolve("remote/in.txt").toString())
                    .replaceAll("(?m)^\\s*\\d+\\t", ""));
            session.agent().edit(FileEdit.strReplace(scratch.resolve("remote/in.txt").toString(), "uploaded", "edited"));
            List<Path> written = session.agent().download(scratch.resolve("remote/in.txt").toString(), scratch.resolve("out"));
            assertEquals(List.of(Path.of("in.txt")), written);
            assertEquals("edited through the SDK\n", Files.readString(scratch.resolve("out/in.txt")));
            AgentException editError = assertThrows(AgentException.class, () -> session.agent()
                    .edit(FileEdit.strReplace(scratch.resolve("remote/in.txt").toString(), "not there", "x")));
            assertTrue(editError.getMessage().contains("did not appear verbatim"), editError.getMessage());
        }

        assertTrue(sessions.list().stream().anyMatch(s -> s.name().equals("demo") && s.phase().equals("Ready")));
        try (Session again = sessions.connect("demo")) {
            assertTrue(again.agent().run("echo again").output().contains("again"));
        }
        sessions.delete("demo");
        assertEquals(null, client.resources(SandboxSession.class).inNamespace("test").withName("demo").get());
        assertThrows(SessionNotFoundException.class, () -> sessions.connect("demo"));
    }

    @Test
    void failedSessionIsDeletedAndItsMessageThrown() throws Exception {
        CompletableFuture<Session> created = CompletableFuture.supplyAsync(() -> sessions.create(
                SessionOptions.named("pull").withImage("registry.invalid/nope:1"), Duration.ofSeconds(120), SessionProgress.NONE));
        await("pod", () -> client.pods().inNamespace("test").withName("pull-sandbox").get(), p -> true);
        setPodStatus("pull-sandbox", new PodStatusBuilder().withPhase("Pending")
                .addToConditions(new PodConditionBuilder().withType("PodScheduled").withStatus("True").build())
                .addToInitContainerStatuses(new ContainerStatusBuilder().withName("install-agent").withReady(false)
                        .withNewState().withNewTerminated().withExitCode(0).withReason("Completed").endTerminated().endState().build())
                .addToContainerStatuses(new ContainerStatusBuilder().withName("agent").withImage("registry.invalid/nope:1")
                        .withNewState().withNewWaiting().withReason("ImagePullBackOff")
                        .withMessage("Back-off pulling image \"registry.invalid/nope:1\"").endWaiting().endState().build())
                .build());
        ExecutionException thrown = assertThrows(ExecutionException.class, () -> created.get(120, TimeUnit.SECONDS));
        SessionFailedException failure = assertInstanceOf(SessionFailedException.class, thrown.getCause());
        assertTrue(failure.getMessage().contains("ImagePullFailed") && failure.getMessage().contains("registry.invalid/nope:1"),
                failure.getMessage());
        await("the failed session deleted", () -> client.resources(SandboxSession.class).inNamespace("test").list().getItems(),
                List::isEmpty);
    }

    @Test
    void timeoutDeletesTheSessionAndSaysWhereItStuck() {
        SessionFailedException failure = assertThrows(SessionFailedException.class, () -> sessions.create(
                SessionOptions.named("slow"), Duration.ofSeconds(4), SessionProgress.NONE));
        assertTrue(failure.getMessage().contains("was not Ready after 4 s") && failure.getMessage().contains("Pending"),
                failure.getMessage());
        await("the timed-out session deleted", () -> client.resources(SandboxSession.class).inNamespace("test").list().getItems(),
                List::isEmpty);
    }

    private Process startAgent(String key) throws IOException {
        Path launcher = Path.of(System.getProperty("sandpod.repository", ".."), "sandbox-agent", "target", "sandpod-agent",
                "bin", "sandpod-agent");
        assertTrue(Files.isExecutable(launcher), "build the agent first: mvn -B -DskipTests install -pl sandbox-agent -am");
        Path workdir = Files.createDirectories(scratch.resolve("workspace"));
        int uid = (Integer) Files.getAttribute(workdir, "unix:uid");
        ProcessBuilder builder = new ProcessBuilder(launcher.toString(), "--host", "127.0.0.1", "--port", Integer.toString(agentPort),
                "--working-dir", workdir.toString(), "--username", System.getProperty("user.name"), "--user-id", Integer.toString(uid))
                .redirectErrorStream(true).redirectOutput(scratch.resolve("agent.log").toFile());
        builder.environment().put("SESSION_API_KEY", key);
        return builder.start();
    }

    private static String key(String session) {
        Secret secret = await("secret", () -> client.secrets().inNamespace("test").withName(session + "-token").get(), s -> true);
        return new String(Base64.getDecoder().decode(secret.getData().get("token")), StandardCharsets.UTF_8);
    }

    private static void setPodStatus(String podName, PodStatus status) {
        Pod pod = client.pods().inNamespace("test").withName(podName).get();
        pod.setStatus(status);
        client.pods().inNamespace("test").resource(pod).updateStatus();
    }

    private static PodStatus readyOnLoopback() {
        return new PodStatusBuilder().withPhase("Running").withPodIP("127.0.0.1")
                .addToConditions(new PodConditionBuilder().withType("PodScheduled").withStatus("True").build())
                .addToConditions(new PodConditionBuilder().withType("Ready").withStatus("True").build())
                .build();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    static <T> T await(String what, Supplier<T> supplier, Predicate<T> done) {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        T last = null;
        while (System.nanoTime() < deadline) {
            last = supplier.get();
            if (last != null && done.test(last)) {
                return last;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted waiting for " + what, e);
            }
        }
        throw new AssertionError("timed out waiting for " + what + "; last seen: " + last);
    }
}
