package dev.sandpod.operator.policy;

import io.fabric8.kubernetes.api.model.Quantity;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The policy file the chart renders: every key read, defaults for the rest, a typo refused by name. */
class PolicyFileTest {

    @TempDir
    Path dir;

    @Test
    void readsEveryKey() throws Exception {
        Path file = dir.resolve("policy.yaml");
        Files.writeString(file, """
                policy:
                  allowedImages: ["registry.example.com/"]
                  allowRoot: true
                  allowedRuntimeClassNames: [gvisor]
                  defaultRuntimeClassName: gvisor
                  allowNodeSelector: true
                  allowTolerations: true
                  nodeSelector: {pool: sandboxes}
                  tolerations: [{key: sandboxes, operator: Exists, effect: NoSchedule}]
                  allowValueFrom: true
                  defaultResources: {requests: {cpu: 50m}, limits: {memory: 1Gi}}
                  maxResources: {cpu: "2", memory: 4Gi, pids: 2048}
                  workspaceSizeLimit: 5Gi
                networkPolicy:
                  enabled: false
                  operator:
                    namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: sandpod-system}}
                    podSelector: {matchLabels: {app.kubernetes.io/name: sandpod}}
                  ingressFrom:
                    - namespaceSelector: {matchLabels: {team: agents}}
                  dns: false
                  dnsTo: [{namespaceSelector: {}, podSelector: {matchLabels: {k8s-app: kube-dns}}}]
                  internet: false
                  deniedCIDRs: [10.0.0.0/8]
                  extraEgress: [{to: [{ipBlock: {cidr: 10.1.2.3/32}}], ports: [{port: 443, protocol: TCP}]}]
                """);
        PolicyFile read = PolicyFile.read(file);
        SessionPolicy policy = read.policy();
        assertEquals(List.of("registry.example.com/"), policy.allowedImages());
        assertTrue(policy.allowRoot() && policy.allowNodeSelector() && policy.allowTolerations() && policy.allowValueFrom());
        assertEquals(List.of("gvisor"), policy.allowedRuntimeClassNames());
        assertEquals("gvisor", policy.defaultRuntimeClassName());
        assertEquals(Map.of("pool", "sandboxes"), policy.nodeSelector());
        assertEquals("NoSchedule", policy.tolerations().getFirst().getEffect());
        assertEquals(new Quantity("50m"), policy.defaultResources().getRequests().get("cpu"));
        assertEquals(new Quantity("2048"), policy.maxResources().get("pids"));
        assertEquals(new Quantity("5Gi"), policy.workspaceSizeLimit());
        NetworkIsolation network = read.networkPolicy();
        assertFalse(network.enabled());
        assertEquals("sandpod", network.operator().getPodSelector().getMatchLabels().get("app.kubernetes.io/name"));
        assertEquals("agents", network.ingressFrom().getFirst().getNamespaceSelector().getMatchLabels().get("team"));
        assertFalse(network.dns());
        assertEquals("kube-dns", network.dnsTo().getFirst().getPodSelector().getMatchLabels().get("k8s-app"));
        assertFalse(network.internet());
        assertEquals(List.of("10.0.0.0/8"), network.deniedCIDRs());
        assertEquals(443, network.extraEgress().getFirst().getPorts().getFirst().getPort().getIntVal());
    }

    @Test
    void missingKeysTakeTheSecureDefaults() throws Exception {
        Path file = dir.resolve("policy.yaml");
        Files.writeString(file, "policy: {allowRoot: true}\n");
        PolicyFile read = PolicyFile.read(file);
        assertTrue(read.policy().allowRoot());
        assertEquals(List.of("*"), read.policy().allowedImages());
        assertFalse(read.policy().allowValueFrom());
        assertEquals(new Quantity("2Gi"), read.policy().defaultResources().getLimits().get("memory"));
        assertTrue(read.networkPolicy().enabled());
        assertNull(read.networkPolicy().operator());
        assertEquals(NetworkIsolation.DEFAULT_DENIED, read.networkPolicy().deniedCIDRs());
        assertEquals(PolicyFile.defaults(), PolicyFile.read(Files.writeString(dir.resolve("empty.yaml"), "")));
    }

    @Test
    void aTypoIsAnErrorNamingTheKey() throws Exception {
        Path file = Files.writeString(dir.resolve("policy.yaml"), "policy:\n  allowRooot: true\n");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PolicyFile.read(file));
        assertTrue(e.getMessage().contains("policy file " + file + ": policy.allowRooot"), e.getMessage());

        Path wrongType = Files.writeString(dir.resolve("type.yaml"), "networkPolicy:\n  deniedCIDRs: 10.0.0.0/8\n");
        IllegalArgumentException type = assertThrows(IllegalArgumentException.class, () -> PolicyFile.read(wrongType));
        assertTrue(type.getMessage().contains("networkPolicy.deniedCIDRs"), type.getMessage());

        Path contradicting = Files.writeString(dir.resolve("max.yaml"), "policy: {maxResources: {memory: 1Gi}}\n");
        IllegalArgumentException max = assertThrows(IllegalArgumentException.class, () -> PolicyFile.read(contradicting));
        assertTrue(max.getMessage().contains("policy.defaultResources.limits.memory 2Gi is more than policy.maxResources.memory 1Gi"),
                max.getMessage());

        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class, () -> PolicyFile.read(dir.resolve("nope.yaml")));
        assertTrue(missing.getMessage().contains("does not exist"), missing.getMessage());
    }
}
