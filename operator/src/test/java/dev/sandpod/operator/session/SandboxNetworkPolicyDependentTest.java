package dev.sandpod.operator.session;

import dev.sandpod.api.session.SandboxSession;
import dev.sandpod.api.session.SandboxSessionSpec;
import dev.sandpod.operator.policy.NetworkIsolation;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyEgressRuleBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeerBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The NetworkPolicy a session gets, as pure code. */
class SandboxNetworkPolicyDependentTest {

    private static final SandboxSession SESSION = TestSessions.session("demo", new SandboxSessionSpec());
    private static final NetworkPolicyPeer OPERATOR = new NetworkPolicyPeerBuilder()
            .withNewNamespaceSelector().addToMatchLabels("kubernetes.io/metadata.name", "sandpod-system").endNamespaceSelector()
            .withNewPodSelector().addToMatchLabels("app.kubernetes.io/name", "sandpod").endPodSelector().build();

    @Test
    void selectsOnlyTheSessionsPodAndIsOwnedByTheSession() {
        NetworkPolicy policy = SandboxNetworkPolicyDependent.build(SESSION, NetworkIsolation.defaults());
        assertEquals("demo-sandbox", policy.getMetadata().getName());
        assertEquals("team-a", policy.getMetadata().getNamespace());
        assertEquals("uid-demo", policy.getMetadata().getOwnerReferences().getFirst().getUid());
        assertTrue(policy.getMetadata().getOwnerReferences().getFirst().getController());
        assertEquals(Map.of("app.kubernetes.io/managed-by", "sandpod", "sandpod.dev/session", "demo"),
                policy.getSpec().getPodSelector().getMatchLabels());
        assertEquals(SessionLabels.podSelector(SESSION), AgentPodDependent.build(SESSION, TestSessions.resolve(SESSION))
                .getMetadata().getLabels(), "the selector matches the pod's labels");
        assertEquals(List.of("Ingress", "Egress"), policy.getSpec().getPolicyTypes());
    }

    @Test
    void ingressOnlyToTheAgentPortFromTheOperatorAndTheNamedPeers() {
        NetworkPolicyPeer agents = new NetworkPolicyPeerBuilder().withNewNamespaceSelector().addToMatchLabels("team", "agents")
                .endNamespaceSelector().build();
        NetworkPolicy policy = SandboxNetworkPolicyDependent.build(SESSION,
                new NetworkIsolation(true, OPERATOR, List.of(agents), null, null, null, null, null));
        assertEquals(1, policy.getSpec().getIngress().size());
        var rule = policy.getSpec().getIngress().getFirst();
        assertEquals(List.of(OPERATOR, agents), rule.getFrom());
        assertEquals(List.of(port("TCP", 47000)), rule.getPorts());
    }

    @Test
    void withoutPeersNoIngressAtAll() {
        NetworkPolicy policy = SandboxNetworkPolicyDependent.build(SESSION, NetworkIsolation.defaults());
        assertTrue(policy.getSpec().getIngress().isEmpty(), "an ingress rule without 'from' would admit every source");
        assertTrue(policy.getSpec().getPolicyTypes().contains("Ingress"), "Ingress listed, so all ingress is denied");
    }

    @Test
    void egressToDnsAndTheInternetWithoutPrivateLinkLocalAndMetadataRanges() {
        NetworkPolicy policy = SandboxNetworkPolicyDependent.build(SESSION, NetworkIsolation.defaults());
        var egress = policy.getSpec().getEgress();
        assertEquals(2, egress.size());
        assertTrue(egress.get(0).getTo() == null || egress.get(0).getTo().isEmpty(), "DNS to any destination");
        assertEquals(List.of(port("UDP", 53), port("TCP", 53)), egress.get(0).getPorts());

        var internet = egress.get(1);
        assertTrue(internet.getPorts().isEmpty(), "every port");
        assertEquals("0.0.0.0/0", internet.getTo().get(0).getIpBlock().getCidr());
        assertEquals(List.of("10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "100.64.0.0/10", "169.254.0.0/16"),
                internet.getTo().get(0).getIpBlock().getExcept());
        assertEquals("::/0", internet.getTo().get(1).getIpBlock().getCidr());
        assertEquals(List.of("fc00::/7", "fe80::/10"), internet.getTo().get(1).getIpBlock().getExcept());
    }

    @Test
    void theValuesCanCloseDnsAndTheInternetAndOpenMore() {
        var mirror = new NetworkPolicyEgressRuleBuilder().addNewTo().withNewIpBlock().withCidr("10.20.0.5/32").endIpBlock().endTo()
                .addNewPort().withProtocol("TCP").withPort(new IntOrString(443)).endPort().build();
        NetworkPolicy closed = SandboxNetworkPolicyDependent.build(SESSION,
                new NetworkIsolation(true, null, null, false, null, false, null, List.of(mirror)));
        assertEquals(List.of(mirror), closed.getSpec().getEgress());

        NetworkPolicy ipv4Only = SandboxNetworkPolicyDependent.build(SESSION,
                new NetworkIsolation(true, null, null, true, null, true, List.of("10.0.0.0/8"), null));
        var to = ipv4Only.getSpec().getEgress().get(1).getTo();
        assertEquals(List.of("10.0.0.0/8"), to.get(0).getIpBlock().getExcept());
        assertNull(to.get(1).getIpBlock().getExcept() == null || to.get(1).getIpBlock().getExcept().isEmpty() ? null : "except",
                "no IPv6 ranges denied");
    }

    private static NetworkPolicyPort port(String protocol, int port) {
        return new io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPortBuilder().withProtocol(protocol)
                .withPort(new IntOrString(port)).build();
    }
}
