package dev.sandpod.operator.chart;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sandpod.operator.policy.NetworkIsolation;
import dev.sandpod.operator.policy.PolicyFile;
import dev.sandpod.operator.policy.SessionPolicy;
import io.fabric8.kubernetes.api.model.Quantity;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The chart's policy and networkPolicy values as the operator reads them: the rendered ConfigMap is
 * parsed by the operator's own {@link PolicyFile}, so a value the chart writes and the operator does
 * not understand fails here, not in a cluster.
 */
class ChartPolicyTest {

    @TempDir
    Path dir;

    @Test
    void defaultsAreTheOperatorsSecureDefaultsWithTheOperatorAsTheOnlyIngressPeer() throws IOException {
        RenderedChart chart = RenderedChart.render(Map.of());
        PolicyFile file = policyFile(chart);
        assertEquals(SessionPolicy.defaults(), file.policy(), "the chart's defaults are the operator's");
        NetworkIsolation network = file.networkPolicy();
        assertTrue(network.enabled());
        assertEquals(NetworkIsolation.DEFAULT_DENIED, network.deniedCIDRs());
        assertEquals(List.of(), network.ingressFrom());
        assertEquals(Map.of("kubernetes.io/metadata.name", RenderedChart.NAMESPACE),
                network.operator().getNamespaceSelector().getMatchLabels());
        JsonNode podLabels = chart.get("Deployment", "sandpod").path("spec").path("template").path("metadata").path("labels");
        network.operator().getPodSelector().getMatchLabels().forEach((k, v) ->
                assertEquals(v, podLabels.path(k).asText(), "the peer selects the operator's pods: " + k));

        assertEquals("/etc/sandpod/policy.yaml", chart.env("SANDPOD_POLICY_FILE"));
        JsonNode pod = chart.get("Deployment", "sandpod").path("spec").path("template").path("spec");
        assertTrue(chart.operatorContainer().path("volumeMounts").findValues("mountPath").stream()
                .anyMatch(p -> p.asText().equals("/etc/sandpod")));
        assertTrue(pod.path("volumes").findValues("name").stream().anyMatch(n -> n.asText().equals("sandpod-policy")),
                pod.path("volumes").toString());
    }

    @Test
    void customValuesReachTheOperatorAndRollTheDeployment() throws IOException {
        RenderedChart chart = RenderedChart.render(Files.writeString(dir.resolve("values.yaml"), """
                policy:
                  allowedImages: ["registry.example.com/sandboxes/"]
                  allowRoot: true
                  allowedRuntimeClassNames: [gvisor]
                  defaultRuntimeClassName: gvisor
                  nodeSelector: {pool: sandboxes}
                  tolerations: [{key: sandboxes, operator: Exists, effect: NoSchedule}]
                  maxResources: {cpu: "2", memory: 4Gi, pids: 2048}
                  workspaceSizeLimit: 5Gi
                networkPolicy:
                  ingressFrom:
                    - namespaceSelector: {matchLabels: {team: agents}}
                  operatorNamespaceSelector: {matchLabels: {name: sandpod-system}}
                  deniedCIDRs: [10.0.0.0/8, 169.254.0.0/16]
                  extraEgress:
                    - to: [{ipBlock: {cidr: 10.20.0.5/32}}]
                      ports: [{port: 443, protocol: TCP}]
                """));
        PolicyFile file = policyFile(chart);
        assertEquals(List.of("registry.example.com/sandboxes/"), file.policy().allowedImages());
        assertTrue(file.policy().allowRoot());
        assertEquals("gvisor", file.policy().defaultRuntimeClassName());
        assertEquals(Map.of("pool", "sandboxes"), file.policy().nodeSelector());
        assertEquals(new Quantity("2048"), file.policy().maxResources().get("pids"));
        assertEquals(new Quantity("5Gi"), file.policy().workspaceSizeLimit());
        assertEquals(new Quantity("2Gi"), file.policy().defaultResources().getLimits().get("memory"), "untouched values keep their default");
        assertEquals("agents", file.networkPolicy().ingressFrom().getFirst().getNamespaceSelector().getMatchLabels().get("team"));
        assertEquals(Map.of("name", "sandpod-system"), file.networkPolicy().operator().getNamespaceSelector().getMatchLabels());
        assertEquals(List.of("10.0.0.0/8", "169.254.0.0/16"), file.networkPolicy().deniedCIDRs());
        assertEquals("10.20.0.5/32", file.networkPolicy().extraEgress().getFirst().getTo().getFirst().getIpBlock().getCidr());

        assertNotEquals(checksum(RenderedChart.render(Map.of())), checksum(chart), "a changed policy restarts the operator");
        assertEquals(checksum(RenderedChart.render(Map.of())), checksum(RenderedChart.render(Map.of())));
    }

    @Test
    void networkPolicyOffReachesTheOperator() throws IOException {
        assertFalse(policyFile(RenderedChart.render(Map.of("networkPolicy.enabled", "false"))).networkPolicy().enabled());
    }

    @Test
    void theOperatorMayManageNetworkPoliciesButNotDeleteThem() {
        List<RbacRule> granted = RbacRule.grantedBy(RenderedChart.render(Map.of()).get("ClusterRole", "sandpod"));
        for (String verb : List.of("list", "watch", "create", "patch")) {
            assertTrue(granted.contains(new RbacRule("networking.k8s.io", "networkpolicies", verb)), verb + ": " + granted);
        }
        assertFalse(granted.contains(new RbacRule("networking.k8s.io", "networkpolicies", "delete")));
    }

    @Test
    void theSchemaRefusesBadPolicyValuesByName() throws IOException {
        var typo = assertThrows(IllegalStateException.class, () -> RenderedChart.render(Map.of("policy.allowRooot", "true")));
        assertTrue(typo.getMessage().contains("allowRooot"), typo.getMessage());
        var cidr = assertThrows(IllegalStateException.class, () -> RenderedChart.render(
                Files.writeString(dir.resolve("cidr.yaml"), "networkPolicy: {deniedCIDRs: [everything]}\n")));
        assertTrue(cidr.getMessage().contains("deniedCIDRs"), cidr.getMessage());
        var quantity = assertThrows(IllegalStateException.class, () -> RenderedChart.render(Map.of("policy.workspaceSizeLimit", "big")));
        assertTrue(quantity.getMessage().contains("workspaceSizeLimit"), quantity.getMessage());
        var bool = assertThrows(IllegalStateException.class, () -> RenderedChart.render(
                Files.writeString(dir.resolve("bool.yaml"), "policy: {allowRoot: sometimes}\n")));
        assertTrue(bool.getMessage().contains("allowRoot"), bool.getMessage());
    }

    private PolicyFile policyFile(RenderedChart chart) throws IOException {
        String yaml = chart.get("ConfigMap", "sandpod-policy").path("data").path("policy.yaml").asText();
        return PolicyFile.read(Files.writeString(Files.createTempFile(dir, "policy", ".yaml"), yaml));
    }

    private static String checksum(RenderedChart chart) {
        return chart.get("Deployment", "sandpod").path("spec").path("template").path("metadata").path("annotations")
                .path("checksum/policy").asText();
    }
}
