package dev.sandpod.operator.it;

import dev.sandpod.api.session.SandboxSession;
import dev.sandpod.api.session.SandboxSessionSpec;
import dev.sandpod.api.session.SessionPhase;
import dev.sandpod.api.session.SessionRuntime;
import dev.sandpod.api.session.SessionUser;
import dev.sandpod.operator.OperatorConfig;
import dev.sandpod.operator.Runtimes;
import dev.sandpod.operator.policy.NetworkIsolation;
import dev.sandpod.operator.policy.PolicyFile;
import dev.sandpod.operator.policy.SessionPolicy;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeerBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.CustomResourceDefinitionContext;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The platform's policy and NetworkPolicy in the reconcile loop, on the mock API server: a denied
 * session is Failed with PolicyDenied and gets no object at all; an admitted one gets its
 * NetworkPolicy before its pod, and the platform's defaults in the pod.
 */
@EnableKubernetesMockClient(crud = true)
class PolicyOperatorIT {

    private static final String NAMESPACE = "team-a";
    private static final NetworkPolicyPeer OPERATOR = new NetworkPolicyPeerBuilder()
            .withNewNamespaceSelector().addToMatchLabels("kubernetes.io/metadata.name", "sandpod-system").endNamespaceSelector()
            .withNewPodSelector().addToMatchLabels("app.kubernetes.io/name", "sandpod").endPodSelector().build();

    static KubernetesMockServer server;
    static KubernetesClient client;

    private MockApiOperator operator;

    @BeforeEach
    void crd() {
        server.expectCustomResource(CustomResourceDefinitionContext.fromCustomResourceType(SandboxSession.class));
    }

    @AfterEach
    void stop() {
        if (operator != null) {
            client.resources(SandboxSession.class).inAnyNamespace().delete();
            Eventually.await("sessions removed", () -> client.resources(SandboxSession.class).inAnyNamespace().list().getItems(),
                    List::isEmpty);
            operator.stop();
        }
    }

    private void start(PolicyFile policy) {
        operator = MockApiOperator.start(client, NAMESPACE, OperatorConfig.defaults(SessionRuntime.KUBERNETES).withPolicy(policy),
                Runtimes.kubernetesOnly());
    }

    @Test
    void aDeniedSessionIsFailedWithPolicyDeniedAndNothingIsCreated() {
        start(PolicyFile.defaults());
        SandboxSessionSpec spec = new SandboxSessionSpec();
        SessionUser root = new SessionUser();
        root.setRoot(true);
        spec.setUser(root);
        operator.create("rooted", spec);

        SandboxSession failed = operator.awaitStatus("rooted", "Failed", s -> s.getStatus().getPhase() == SessionPhase.Failed);
        assertEquals("PolicyDenied", failed.getStatus().condition("Ready").getReason());
        assertEquals("PolicyDenied", failed.getStatus().condition("PodScheduled").getReason());
        assertTrue(failed.getStatus().getMessage().startsWith("spec.user.root: true is not allowed (policy.allowRoot is false)"),
                failed.getStatus().getMessage());
        assertNull(failed.getStatus().getTokenSecret(), "no Secret either");
        assertEquals(List.of(), ownedBy("rooted"), "the reconcile stops before the workflow: nothing is created");
        Eventually.await("a Warning PolicyDenied event naming the rule", () -> operator.events("rooted"),
                events -> events.stream().anyMatch(e -> "PolicyDenied".equals(e.getReason()) && "Warning".equals(e.getType())
                        && e.getMessage().contains("policy.allowRoot")));
    }

    @Test
    void aSessionBeyondThePlatformsLimitsIsDeniedNamingTheLimit() {
        start(new PolicyFile(new SessionPolicy(List.of("registry.example.com/"), false, null, null, false, false, null, null,
                false, new io.fabric8.kubernetes.api.model.ResourceRequirements(), Map.of("memory", new Quantity("1Gi")), null), null));
        SandboxSessionSpec image = new SandboxSessionSpec();
        image.setImage("docker.io/someone/miner:latest");
        operator.create("foreign", image);
        SandboxSessionSpec memory = new SandboxSessionSpec();
        memory.setResources(new io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder()
                .addToLimits("memory", new Quantity("4Gi")).build());
        operator.create("greedy", memory);

        SandboxSession foreign = operator.awaitStatus("foreign", "Failed", s -> s.getStatus().getPhase() == SessionPhase.Failed);
        assertTrue(foreign.getStatus().getMessage().startsWith("spec.image: 'docker.io/someone/miner:latest' is not allowed "
                + "(policy.allowedImages: [registry.example.com/])"), foreign.getStatus().getMessage());
        SandboxSession greedy = operator.awaitStatus("greedy", "Failed", s -> s.getStatus().getPhase() == SessionPhase.Failed);
        assertEquals("PolicyDenied", greedy.getStatus().condition("Ready").getReason());
        assertTrue(greedy.getStatus().getMessage().startsWith("spec.resources.limits.memory: 4Gi is more than "
                + "policy.maxResources.memory 1Gi"), greedy.getStatus().getMessage());
        assertEquals(List.of(), ownedBy("foreign"));
        assertEquals(List.of(), ownedBy("greedy"));
    }

    @Test
    void anAdmittedSessionGetsItsNetworkPolicyBeforeItsPodAndThePlatformsDefaults() {
        start(new PolicyFile(new SessionPolicy(null, false, List.of("gvisor"), "gvisor", false, false, Map.of("pool", "sandboxes"),
                null, false, null, null, new Quantity("5Gi")),
                new NetworkIsolation(true, OPERATOR, null, null, null, null, null, null)));
        SandboxSession created = operator.create("demo", new SandboxSessionSpec());

        Pod pod = Eventually.await("pod", () -> client.pods().inNamespace(NAMESPACE).withName("demo-sandbox").get(), p -> true);
        NetworkPolicy policy = client.network().v1().networkPolicies().inNamespace(NAMESPACE).withName("demo-sandbox").get();
        assertTrue(policy != null, "the pod exists, so its NetworkPolicy must too");
        assertTrue(Long.parseLong(policy.getMetadata().getResourceVersion()) < Long.parseLong(pod.getMetadata().getResourceVersion()),
                "the NetworkPolicy was created before the pod");
        var owner = policy.getMetadata().getOwnerReferences().getFirst();
        assertEquals(created.getMetadata().getUid(), owner.getUid());
        assertEquals("SandboxSession", owner.getKind());
        assertTrue(owner.getController());
        policy.getSpec().getPodSelector().getMatchLabels().forEach((k, v) ->
                assertEquals(v, pod.getMetadata().getLabels().get(k), "the policy selects the pod: " + k));
        assertEquals(List.of(OPERATOR), policy.getSpec().getIngress().getFirst().getFrom());
        assertEquals(47000, policy.getSpec().getIngress().getFirst().getPorts().getFirst().getPort().getIntVal());

        assertEquals("gvisor", pod.getSpec().getRuntimeClassName());
        assertEquals(Map.of("pool", "sandboxes"), pod.getSpec().getNodeSelector());
        var resources = pod.getSpec().getContainers().getFirst().getResources();
        assertEquals(new Quantity("2Gi"), resources.getLimits().get("memory"));
        assertEquals(new Quantity("25m"), resources.getRequests().get("cpu"));
        assertEquals(new Quantity("5Gi"), pod.getSpec().getVolumes().stream().filter(v -> v.getName().equals("workspace"))
                .findFirst().orElseThrow().getEmptyDir().getSizeLimit());
    }

    @Test
    void changedPlatformSettingsUpdateTheNetworkPolicyOfARunningSession() {
        start(new PolicyFile(null, new NetworkIsolation(true, OPERATOR, null, null, null, null, null, null)));
        operator.create("live", new SandboxSessionSpec());
        Eventually.await("pod", () -> client.pods().inNamespace(NAMESPACE).withName("live-sandbox").get(), p -> true);
        operator.stop();

        NetworkPolicyPeer agents = new NetworkPolicyPeerBuilder().withNewNamespaceSelector().addToMatchLabels("team", "agents")
                .endNamespaceSelector().build();
        start(new PolicyFile(null, new NetworkIsolation(true, OPERATOR, List.of(agents), null, null, null, null, null)));
        NetworkPolicy updated = Eventually.await("the NetworkPolicy admitting the agents' namespace",
                () -> client.network().v1().networkPolicies().inNamespace(NAMESPACE).withName("live-sandbox").get(),
                p -> p.getSpec().getIngress().getFirst().getFrom().equals(List.of(OPERATOR, agents)));
        assertEquals(1, updated.getSpec().getIngress().size());
    }

    @Test
    void withNetworkPoliciesOffThePodIsCreatedWithoutOne() {
        start(new PolicyFile(null, new NetworkIsolation(false, OPERATOR, null, null, null, null, null, null)));
        operator.create("open", new SandboxSessionSpec());
        Eventually.await("pod", () -> client.pods().inNamespace(NAMESPACE).withName("open-sandbox").get(), p -> true);
        assertNull(client.network().v1().networkPolicies().inNamespace(NAMESPACE).withName("open-sandbox").get());
    }

    private static List<String> ownedBy(String session) {
        String selector = "sandpod.dev/session=" + session;
        return Stream.of(
                        client.secrets().inNamespace(NAMESPACE).withLabel("sandpod.dev/session", session).list().getItems(),
                        client.pods().inNamespace(NAMESPACE).withLabel("sandpod.dev/session", session).list().getItems(),
                        client.services().inNamespace(NAMESPACE).withLabel("sandpod.dev/session", session).list().getItems(),
                        client.persistentVolumeClaims().inNamespace(NAMESPACE).withLabel("sandpod.dev/session", session).list().getItems(),
                        client.network().v1().networkPolicies().inNamespace(NAMESPACE).withLabel("sandpod.dev/session", session)
                                .list().getItems())
                .flatMap(List::stream).map(o -> ((HasMetadata) o).getKind() + "/" + ((HasMetadata) o).getMetadata().getName()
                        + " (" + selector + ")").toList();
    }
}
