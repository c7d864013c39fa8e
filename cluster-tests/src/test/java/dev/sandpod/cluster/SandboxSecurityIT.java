package dev.sandpod.cluster;

import dev.sandpod.api.session.SandboxSession;
import dev.sandpod.api.session.SessionCondition;
import dev.sandpod.api.session.SessionPhase;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Secure by default on the real API server, with the chart's policy and networkPolicy values: each
 * session's NetworkPolicy exists before its pod, is owned by the session and collected with it, and
 * the API server accepts its rules; a session the policy denies is Failed with PolicyDenied and gets
 * no object at all; the chart's values reach the operator. This cluster has no network plugin, so
 * NetworkPolicy is not enforced here: the objects are what is tested (docs/security.md says so).
 */
@RealClusterTest
@Order(10)
class SandboxSecurityIT {

    /** A peer the platform names besides the operator: pods of namespaces labelled team=agents. */
    @RegisterExtension
    static final TestNamespace ns = TestNamespace.named("security").withOperator(
            "--set", "networkPolicy.ingressFrom[0].namespaceSelector.matchLabels.team=agents",
            "--set", "policy.allowedImages={sandpod/,registry.example.com/}",
            "--set", "policy.workspaceSizeLimit=1Gi");

    @Test
    void aSessionsNetworkPolicyIsCreatedBeforeItsPodOwnedByItAndCollectedWithIt() {
        SandboxSession session = ns.create("""
                apiVersion: sandpod.dev/v1alpha1
                kind: SandboxSession
                metadata: {name: isolated}
                """);
        ns.awaitPhase("isolated", SessionPhase.Ready);
        var policies = ns.cluster().client.network().v1().networkPolicies().inNamespace(ns.name);
        NetworkPolicy policy = policies.withName("isolated-sandbox").get();
        assertNotNull(policy, "no NetworkPolicy isolated-sandbox in " + ns.name);
        Pod pod = ns.pod("isolated");

        var owner = policy.getMetadata().getOwnerReferences().getFirst();
        assertEquals(session.getMetadata().getUid(), owner.getUid());
        assertEquals("SandboxSession", owner.getKind());
        assertTrue(owner.getController());
        assertFalse(Instant.parse(policy.getMetadata().getCreationTimestamp())
                .isAfter(Instant.parse(pod.getMetadata().getCreationTimestamp())), "the policy exists before the pod");
        policy.getSpec().getPodSelector().getMatchLabels().forEach((k, v) ->
                assertEquals(v, pod.getMetadata().getLabels().get(k), "the policy selects the session's pod: " + k));
        assertEquals(List.of("Ingress", "Egress"), policy.getSpec().getPolicyTypes());
        // created by server-side apply, and not rewritten since: what the operator wants is what the API server stored
        assertTrue(policy.getMetadata().getManagedFields().stream()
                        .anyMatch(f -> "sandboxsession".equals(f.getManager()) && "Apply".equals(f.getOperation())),
                policy.getMetadata().getManagedFields().toString());
        assertEquals(1L, policy.getMetadata().getGeneration(), "the operator did not rewrite its NetworkPolicy");

        // ingress: the agent's port, from the operator's pods and the named peer only
        assertEquals(1, policy.getSpec().getIngress().size());
        var ingress = policy.getSpec().getIngress().getFirst();
        assertEquals(47000, ingress.getPorts().getFirst().getPort().getIntVal());
        NetworkPolicyPeer operator = ingress.getFrom().get(0);
        assertEquals(Map.of("kubernetes.io/metadata.name", RealCluster.NAMESPACE), operator.getNamespaceSelector().getMatchLabels());
        Pod operatorPod = ns.cluster().operatorPod();
        operator.getPodSelector().getMatchLabels().forEach((k, v) ->
                assertEquals(v, operatorPod.getMetadata().getLabels().get(k), "the peer selects the operator's pod: " + k));
        assertEquals(Map.of("team", "agents"), ingress.getFrom().get(1).getNamespaceSelector().getMatchLabels());

        // egress: DNS, and the internet without the private, link-local and metadata ranges, as the API server stored it
        var egress = policy.getSpec().getEgress();
        assertEquals(List.of(53, 53), egress.get(0).getPorts().stream().map(p -> p.getPort().getIntVal()).toList());
        var v4 = egress.get(1).getTo().get(0).getIpBlock();
        assertEquals("0.0.0.0/0", v4.getCidr());
        assertTrue(v4.getExcept().containsAll(List.of("10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "169.254.0.0/16")),
                v4.getExcept().toString());
        assertEquals("::/0", egress.get(1).getTo().get(1).getIpBlock().getCidr());

        ns.session("isolated").delete();
        Await.until("the NetworkPolicy collected with its session", Duration.ofMinutes(3),
                () -> Objects.requireNonNullElse(policies.withName("isolated-sandbox").get(), "gone"), "gone"::equals);
    }

    @Test
    void anAdmittedSessionCarriesThePlatformsDefaults() {
        ns.create("""
                apiVersion: sandpod.dev/v1alpha1
                kind: SandboxSession
                metadata: {name: defaults}
                """);
        ns.awaitPhase("defaults", SessionPhase.Ready);
        Pod pod = ns.pod("defaults");
        var resources = pod.getSpec().getContainers().getFirst().getResources();
        assertEquals(new Quantity("25m"), resources.getRequests().get("cpu"));
        assertEquals(new Quantity("256Mi"), resources.getRequests().get("memory"));
        assertEquals(new Quantity("2Gi"), resources.getLimits().get("memory"));
        var workspace = pod.getSpec().getVolumes().stream().filter(v -> v.getName().equals("workspace")).findFirst().orElseThrow();
        assertEquals(new Quantity("1Gi"), workspace.getEmptyDir().getSizeLimit(), "policy.workspaceSizeLimit from the chart values");
    }

    @Test
    void aDeniedSessionIsFailedWithPolicyDeniedAndGetsNothing() {
        ns.create("""
                apiVersion: sandpod.dev/v1alpha1
                kind: SandboxSession
                metadata: {name: rooted}
                spec:
                  user: {root: true}
                """);
        ns.create("""
                apiVersion: sandpod.dev/v1alpha1
                kind: SandboxSession
                metadata: {name: foreign}
                spec: {image: "debian:bookworm-slim"}
                """);
        ns.create("""
                apiVersion: sandpod.dev/v1alpha1
                kind: SandboxSession
                metadata: {name: reader}
                spec:
                  env: [{name: TOKEN, valueFrom: {secretKeyRef: {name: someone-elses, key: token}}}]
                """);
        assertDenied("rooted", "spec.user.root: true is not allowed (policy.allowRoot is false)");
        assertDenied("foreign", "spec.image: 'debian:bookworm-slim' is not allowed (policy.allowedImages: "
                + "[sandpod/, registry.example.com/])");
        assertDenied("reader", "spec.env[0].valueFrom.secretKeyRef (Secret someone-elses) is not allowed (policy.allowValueFrom is false)");
    }

    @Test
    void theChartsValuesReachTheOperator() {
        ConfigMap policy = ns.cluster().client.configMaps().inNamespace(RealCluster.NAMESPACE).withName("sandpod-policy").get();
        assertNotNull(policy, "the chart's policy ConfigMap");
        String file = policy.getData().get("policy.yaml");
        assertTrue(file.contains("registry.example.com/") && file.contains("team: agents"), file);
        Pod operator = ns.cluster().operatorPod();
        assertTrue(operator.getSpec().getContainers().getFirst().getEnv().stream()
                .anyMatch(e -> e.getName().equals("SANDPOD_POLICY_FILE") && "/etc/sandpod/policy.yaml".equals(e.getValue())));
        assertNotNull(operator.getMetadata().getAnnotations().get("checksum/policy"));
    }

    private static void assertDenied(String session, String message) {
        SandboxSession failed = ns.awaitPhase(session, SessionPhase.Failed);
        SessionCondition ready = TestNamespace.condition(failed, SessionCondition.READY);
        assertEquals("PolicyDenied", ready.getReason(), TestNamespace.summary(failed));
        assertTrue(failed.getStatus().getMessage().startsWith(message), failed.getStatus().getMessage());
        var client = ns.cluster().client;
        List<String> objects = Stream.<List<? extends HasMetadata>>of(
                        client.pods().inNamespace(ns.name).withLabel("sandpod.dev/session", session).list().getItems(),
                        client.secrets().inNamespace(ns.name).withLabel("sandpod.dev/session", session).list().getItems(),
                        client.services().inNamespace(ns.name).withLabel("sandpod.dev/session", session).list().getItems(),
                        client.network().v1().networkPolicies().inNamespace(ns.name).withLabel("sandpod.dev/session", session)
                                .list().getItems())
                .flatMap(List::stream).map(o -> o.getKind() + "/" + o.getMetadata().getName()).toList();
        assertEquals(List.of(), objects, "nothing is created for a denied session");
        List<Event> events = Await.until("a Warning PolicyDenied Event on " + session,
                () -> client.v1().events().inNamespace(ns.name).list().getItems().stream()
                        .filter(e -> session.equals(e.getInvolvedObject().getName()) && "PolicyDenied".equals(e.getReason()))
                        .toList(),
                list -> !list.isEmpty());
        assertEquals("Warning", events.getFirst().getType());
    }
}
