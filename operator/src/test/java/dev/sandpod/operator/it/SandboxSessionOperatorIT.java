package dev.sandpod.operator.it;

import dev.sandpod.api.session.SandboxSession;
import dev.sandpod.api.session.SandboxSessionSpec;
import dev.sandpod.api.session.SessionCondition;
import dev.sandpod.api.session.SessionPhase;
import dev.sandpod.api.session.SessionRuntime;
import dev.sandpod.api.session.SessionUser;
import dev.sandpod.operator.OperatorConfig;
import dev.sandpod.operator.Runtimes;
import dev.sandpod.operator.SandpodOperator;
import dev.sandpod.operator.SessionMetrics;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
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

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The reconcile loop against fabric8's Kubernetes mock server in CRUD mode (no scheduler, no
 * kubelet, no garbage collector: the test plays the kubelet by writing pod status, and the agent
 * with a real HTTP server on 127.0.0.1).
 */
@EnableKubernetesMockClient(crud = true)
class SandboxSessionOperatorIT {

    static KubernetesMockServer server;
    static KubernetesClient client;

    private final java.io.ByteArrayOutputStream logs = new java.io.ByteArrayOutputStream();
    private java.io.PrintStream originalErr;
    private FakeAgentServer agent;
    private Operator operator;
    private PrometheusMeterRegistry registry;

    @BeforeEach
    void startOperator() throws Exception {
        // slf4j-simple writes to the current System.err: keep a copy to check no API key is logged
        originalErr = System.err;
        java.io.PrintStream console = originalErr;
        System.setErr(new java.io.PrintStream(new java.io.OutputStream() {
            @Override
            public void write(int b) {
                console.write(b);
                synchronized (logs) {
                    logs.write(b);
                }
            }

            @Override
            public void write(byte[] b, int off, int len) {
                console.write(b, off, len);
                synchronized (logs) {
                    logs.write(b, off, len);
                }
            }
        }, true));
        server.expectCustomResource(CustomResourceDefinitionContext.fromCustomResourceType(SandboxSession.class));
        agent = new FakeAgentServer();
        operator = startOperator(agent.port());
    }

    private Operator startOperator(int agentPort) {
        registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        OperatorConfig config = OperatorConfig.defaults(SessionRuntime.KUBERNETES).withAgentProbe(null, agentPort);
        Operator started = SandpodOperator.create(client, config, Runtimes.kubernetesOnly(), new SessionMetrics(registry),
                o -> o.withUseSSAToPatchPrimaryResource(false)
                        .withSSABasedCreateUpdateMatchForDependentResources(false)
                        .withCloseClientOnStop(false));
        started.start();
        return started;
    }

    @AfterEach
    void stop() {
        // each test leaves no sessions behind for the next test's operator to reconcile
        client.resources(SandboxSession.class).inAnyNamespace().delete();
        Eventually.await("sessions removed", () -> client.resources(SandboxSession.class).inAnyNamespace().list().getItems(),
                List::isEmpty);
        operator.stop();
        agent.close();
        System.setErr(originalErr);
    }

    private static SandboxSession create(String name, SandboxSessionSpec spec) {
        SandboxSession session = new SandboxSession();
        session.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace("test").build());
        session.setSpec(spec);
        return client.resource(session).create();
    }

    private static SandboxSession session(String name) {
        return client.resources(SandboxSession.class).inNamespace("test").withName(name).get();
    }

    private static SandboxSession awaitStatus(String name, String what, java.util.function.Predicate<SandboxSession> done) {
        return Eventually.await(what, () -> session(name), s -> s.getStatus() != null && done.test(s));
    }

    private static Pod awaitPod(String name) {
        return Eventually.await("pod " + name, () -> client.pods().inNamespace("test").withName(name).get(), p -> true);
    }

    private static void setPodStatus(String podName, PodStatus status) {
        Pod pod = client.pods().inNamespace("test").withName(podName).get();
        pod.setStatus(status);
        client.pods().inNamespace("test").resource(pod).updateStatus();
    }

    private static List<Event> events(String session) {
        return client.v1().events().inNamespace("test").list().getItems().stream()
                .filter(e -> session.equals(e.getInvolvedObject().getName())).toList();
    }

    private static PodStatus readyOnLoopback() {
        return new PodStatusBuilder().withPhase("Running").withPodIP("127.0.0.1")
                .addToConditions(new PodConditionBuilder().withType("PodScheduled").withStatus("True").build())
                .addToConditions(new PodConditionBuilder().withType("Ready").withStatus("True").build())
                .build();
    }

    private static String apiKey(String session) {
        Secret secret = Eventually.await("secret", () -> client.secrets().inNamespace("test").withName(session + "-token").get(), s -> true);
        return new String(Base64.getDecoder().decode(secret.getData().get("token")), StandardCharsets.UTF_8);
    }

    @Test
    void sessionBecomesReadyOnlyWhenTheAgentAcceptsItsKey() {
        SandboxSession created = create("demo", new SandboxSessionSpec());
        Pod pod = awaitPod("demo-sandbox");
        assertEquals(List.of("--port", "47000", "--working-dir", "/workspace", "--username", "sandbox", "--user-id", "1000",
                "--no-change-timeout", "10"), pod.getSpec().getContainers().getFirst().getArgs());
        assertEquals("demo-token", pod.getSpec().getContainers().getFirst().getEnv().getFirst().getValueFrom()
                .getSecretKeyRef().getName());
        assertEquals(created.getMetadata().getUid(), pod.getMetadata().getOwnerReferences().getFirst().getUid());
        assertEquals(1, pod.getMetadata().getOwnerReferences().size(), "one owner reference, not two");
        Service service = Eventually.await("service", () -> client.services().inNamespace("test").withName("demo").get(), s -> true);
        assertEquals(47000, service.getSpec().getPorts().getFirst().getPort());
        String key = apiKey("demo");
        assertEquals(43, key.length());

        SandboxSession pending = awaitStatus("demo", "Pending with tokenSecret", s -> s.getStatus().getTokenSecret() != null);
        assertEquals("demo-token", pending.getStatus().getTokenSecret());
        assertEquals(SessionPhase.Pending, pending.getStatus().getPhase());
        assertFalse(pending.getStatus().toString().contains(key));
        assertNotNull(pending.getSpec(), "the status write kept the spec");

        setPodStatus("demo-sandbox", readyOnLoopback());
        SandboxSession starting = awaitStatus("demo", "Starting while the agent does not answer",
                s -> s.getStatus().getPhase() == SessionPhase.Starting
                        && "AgentNotAnswering".equals(s.getStatus().condition("AgentReady").getReason()));
        assertEquals("False", starting.getStatus().condition(SessionCondition.READY).getStatus());

        agent.start(key);
        SandboxSession ready = awaitStatus("demo", "Ready", s -> s.getStatus().getPhase() == SessionPhase.Ready);
        assertEquals("http://demo.test.svc:47000", ready.getStatus().getEndpoint());
        assertEquals("127.0.0.1", ready.getStatus().getPodIP());
        assertEquals("demo-sandbox", ready.getStatus().getPodName());
        assertEquals("True", ready.getStatus().condition(SessionCondition.READY).getStatus());
        assertEquals("True", ready.getStatus().condition(SessionCondition.AGENT_READY).getStatus());
        assertNotNull(ready.getStatus().getReadyAt());
        assertTrue(agent.authenticatedCalls.get() >= 1, "the operator sent the session's key");
        assertTrue(ready.getMetadata().getFinalizers().contains("sandboxsessions.sandpod.dev/finalizer"),
                ready.getMetadata().getFinalizers().toString());
        Eventually.await("a Normal AgentReady event", () -> events("demo"),
                events -> events.stream().anyMatch(e -> "AgentReady".equals(e.getReason()) && "Normal".equals(e.getType())));
        String logged;
        synchronized (logs) {
            logged = logs.toString(StandardCharsets.UTF_8);
        }
        assertTrue(logged.contains("session=test/demo phase=Ready"), "key=value log lines: " + logged);
        assertFalse(logged.contains(key), "the API key must never be logged");
        String metrics = registry.scrape();
        assertTrue(metrics.contains("sandpod_sessions{phase=\"Ready\"} 1.0"), metrics);
        assertTrue(metrics.contains("sandpod_session_ready_seconds_count 1"), metrics);
    }

    @Test
    void restartedOperatorDuplicatesNothing() {
        create("again", new SandboxSessionSpec());
        awaitPod("again-sandbox");
        String key = apiKey("again");
        setPodStatus("again-sandbox", readyOnLoopback());
        agent.start(key);
        SandboxSession ready = awaitStatus("again", "Ready", s -> s.getStatus().getPhase() == SessionPhase.Ready);
        int eventsBefore = events("again").size();

        operator.stop();
        operator = startOperator(agent.port());
        int calls = agent.authenticatedCalls.get();
        Eventually.await("the restarted operator probing the agent", agent.authenticatedCalls::get, n -> n > calls);

        assertEquals(1, client.pods().inNamespace("test").withLabel("sandpod.dev/session", "again").list().getItems().size());
        assertEquals(1, client.services().inNamespace("test").withLabel("sandpod.dev/session", "again").list().getItems().size());
        assertEquals(1, client.secrets().inNamespace("test").withLabel("sandpod.dev/session", "again").list().getItems().size());
        assertEquals(key, apiKey("again"), "the key never changes");
        SandboxSession after = session("again");
        assertEquals(SessionPhase.Ready, after.getStatus().getPhase());
        assertEquals(ready.getStatus().getReadyAt(), after.getStatus().getReadyAt());
        assertEquals(ready.getStatus().condition("Ready").getLastTransitionTime(),
                after.getStatus().condition("Ready").getLastTransitionTime());
        assertEquals(eventsBefore, events("again").size(), "no repeated events after a restart");
    }

    @Test
    void deletedSessionIsReleased() {
        create("gone", new SandboxSessionSpec());
        Pod pod = awaitPod("gone-sandbox");
        awaitStatus("gone", "finalizer", s -> s.getMetadata().getFinalizers().contains("sandboxsessions.sandpod.dev/finalizer"));
        client.resources(SandboxSession.class).inNamespace("test").withName("gone").delete();
        Eventually.await("session removed after cleanup", () -> session("gone") == null ? "gone" : null, s -> true);
        // the mock server has no garbage collector; on a cluster the owner reference removes the pod
        assertEquals("gone", pod.getMetadata().getOwnerReferences().getFirst().getName());
        assertTrue(pod.getMetadata().getOwnerReferences().getFirst().getBlockOwnerDeletion());
    }

    @Test
    void invalidSpecFailsNamingTheFieldAndCreatesNothing() {
        SandboxSessionSpec spec = new SandboxSessionSpec();
        SessionUser user = new SessionUser();
        user.setUid(0);
        spec.setUser(user);
        create("bad", spec);
        SandboxSession failed = awaitStatus("bad", "Failed", s -> s.getStatus().getPhase() == SessionPhase.Failed);
        SessionCondition ready = failed.getStatus().condition("Ready");
        assertEquals("InvalidSpec", ready.getReason());
        assertTrue(ready.getMessage().startsWith("spec.user.uid: 0"), ready.getMessage());
        assertEquals(ready.getMessage(), failed.getStatus().getMessage());
        Eventually.await("a Warning InvalidSpec event", () -> events("bad"),
                events -> events.stream().anyMatch(e -> "InvalidSpec".equals(e.getReason()) && "Warning".equals(e.getType())));
        assertNull(client.pods().inNamespace("test").withName("bad-sandbox").get());
        assertNull(client.secrets().inNamespace("test").withName("bad-token").get());
    }

    @Test
    void imagePullErrorFailsNamingTheImage() {
        SandboxSessionSpec spec = new SandboxSessionSpec();
        spec.setImage("registry.invalid/nope:1");
        create("pull", spec);
        awaitPod("pull-sandbox");
        setPodStatus("pull-sandbox", new PodStatusBuilder().withPhase("Pending")
                .addToConditions(new PodConditionBuilder().withType("PodScheduled").withStatus("True").build())
                .addToInitContainerStatuses(new ContainerStatusBuilder().withName("install-agent").withReady(false)
                        .withNewState().withNewTerminated().withExitCode(0).withReason("Completed").endTerminated().endState().build())
                .addToContainerStatuses(new ContainerStatusBuilder().withName("agent").withImage("registry.invalid/nope:1")
                        .withNewState().withNewWaiting().withReason("ImagePullBackOff")
                        .withMessage("Back-off pulling image \"registry.invalid/nope:1\"").endWaiting().endState().build())
                .build());
        SandboxSession failed = awaitStatus("pull", "Failed", s -> s.getStatus().getPhase() == SessionPhase.Failed);
        assertEquals("ImagePullFailed", failed.getStatus().condition("Ready").getReason());
        assertTrue(failed.getStatus().getMessage().contains("'registry.invalid/nope:1'"), failed.getStatus().getMessage());
        Eventually.await("a Warning ImagePullFailed event", () -> events("pull"),
                events -> events.stream().anyMatch(e -> "ImagePullFailed".equals(e.getReason()) && "Warning".equals(e.getType())));
    }

    @Test
    void unschedulablePodIsReportedWithTheSchedulersMessage() {
        create("huge", new SandboxSessionSpec());
        awaitPod("huge-sandbox");
        setPodStatus("huge-sandbox", new PodStatusBuilder().withPhase("Pending")
                .addToConditions(new PodConditionBuilder().withType("PodScheduled").withStatus("False").withReason("Unschedulable")
                        .withMessage("0/3 nodes are available: 3 Insufficient memory.").build())
                .build());
        SandboxSession pending = awaitStatus("huge", "PodScheduled False",
                s -> "False".equals(s.getStatus().condition("PodScheduled").getStatus()));
        assertEquals(SessionPhase.Pending, pending.getStatus().getPhase());
        assertEquals("Unschedulable", pending.getStatus().condition("PodScheduled").getReason());
        assertTrue(pending.getStatus().getMessage().contains("0/3 nodes are available: 3 Insufficient memory."));
        Eventually.await("a Warning Unschedulable event", () -> events("huge"),
                events -> events.stream().anyMatch(e -> "Unschedulable".equals(e.getReason()) && "Warning".equals(e.getType())));
    }

    @Test
    void sizedWorkspaceGetsAClaimAndADeletedPodComesBack() {
        SandboxSessionSpec spec = new SandboxSessionSpec();
        var workspace = new dev.sandpod.api.session.SessionWorkspace();
        workspace.setSize(new io.fabric8.kubernetes.api.model.Quantity("2Gi"));
        spec.setWorkspace(workspace);
        create("data", spec);
        Pod pod = awaitPod("data-sandbox");
        var claim = Eventually.await("claim", () -> client.persistentVolumeClaims().inNamespace("test")
                .withName("data-workspace").get(), c -> true);
        assertEquals(new io.fabric8.kubernetes.api.model.Quantity("2Gi"), claim.getSpec().getResources().getRequests().get("storage"));
        assertEquals("data-workspace", pod.getSpec().getVolumes().stream().filter(v -> v.getName().equals("workspace"))
                .findFirst().orElseThrow().getPersistentVolumeClaim().getClaimName());

        client.pods().inNamespace("test").withName("data-sandbox").delete();
        Pod again = Eventually.await("pod recreated", () -> client.pods().inNamespace("test").withName("data-sandbox").get(),
                p -> !p.getMetadata().getUid().equals(pod.getMetadata().getUid()));
        assertEquals(pod.getSpec().getContainers().getFirst().getArgs(), again.getSpec().getContainers().getFirst().getArgs());
    }

    @Test
    void runtimeThisOperatorLacksIsInvalidSpec() {
        SandboxSessionSpec spec = new SandboxSessionSpec();
        spec.setRuntime(SessionRuntime.DOCKER);
        create("dock", spec);
        SandboxSession failed = awaitStatus("dock", "Failed", s -> s.getStatus().getPhase() == SessionPhase.Failed);
        assertEquals("InvalidSpec", failed.getStatus().condition("Ready").getReason());
        assertTrue(failed.getStatus().getMessage().startsWith("spec.runtime: 'docker' is not available"),
                failed.getStatus().getMessage());
    }

    @Test
    void refusedPodCreationIsAReconcileErrorInStatusAndEvents() {
        server.expect().post().withPath("/api/v1/namespaces/quota/pods")
                .andReturn(403, new io.fabric8.kubernetes.api.model.StatusBuilder().withStatus("Failure").withCode(403)
                        .withReason("Forbidden").withMessage("pods \"tight-sandbox\" is forbidden: exceeded quota: compute").build())
                .always();
        SandboxSession session = new SandboxSession();
        session.setMetadata(new ObjectMetaBuilder().withName("tight").withNamespace("quota").build());
        client.resource(session).create();
        SandboxSession refused = Eventually.await("ReconcileError",
                () -> client.resources(SandboxSession.class).inNamespace("quota").withName("tight").get(),
                s -> s.getStatus() != null && "ReconcileError".equals(s.getStatus().condition("Ready").getReason()));
        assertTrue(refused.getStatus().getMessage().endsWith("is forbidden: exceeded quota: compute"), refused.getStatus().getMessage());
        assertEquals("False", refused.getStatus().condition("Ready").getStatus());
        Eventually.await("a ReconcileError event", () -> client.v1().events().inNamespace("quota").list().getItems(),
                events -> events.stream().anyMatch(e -> "ReconcileError".equals(e.getReason()) && "Warning".equals(e.getType())));
    }

    @Test
    void exitedAgentIsReportedWithExitCodeAndLastLogLines() {
        server.expect().get().withPath("/api/v1/namespaces/test/pods/crash-sandbox/log?pretty=false&container=agent&previous=true&tailLines=20")
                .andReturn(200, "starting sandpod-agent\nError: bash not found in image\n").always();
        create("crash", new SandboxSessionSpec());
        awaitPod("crash-sandbox");
        setPodStatus("crash-sandbox", new PodStatusBuilder().withPhase("Running")
                .addToConditions(new PodConditionBuilder().withType("PodScheduled").withStatus("True").build())
                .addToContainerStatuses(new ContainerStatusBuilder().withName("agent").withRestartCount(3)
                        .withNewState().withNewWaiting().withReason("CrashLoopBackOff").endWaiting().endState()
                        .withNewLastState().withNewTerminated().withExitCode(3).withReason("Error").endTerminated().endLastState()
                        .build())
                .build());
        SandboxSession failed = awaitStatus("crash", "Failed", s -> s.getStatus().getPhase() == SessionPhase.Failed);
        String message = failed.getStatus().getMessage();
        assertEquals("AgentExited", failed.getStatus().condition("Ready").getReason());
        assertTrue(message.contains("exit code 3"), message);
        assertTrue(message.contains("Error: bash not found in image"), message);
        Eventually.await("a Warning AgentExited event", () -> events("crash"),
                events -> events.stream().anyMatch(e -> "AgentExited".equals(e.getReason()) && "Warning".equals(e.getType())));
    }
}
