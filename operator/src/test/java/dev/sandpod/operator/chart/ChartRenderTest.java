package dev.sandpod.operator.chart;

import com.fasterxml.jackson.databind.JsonNode;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** charts/sandpod rendered and linted by the real Helm, for default and non-default values. */
class ChartRenderTest {

    @Test
    void lintPassesStrict() {
        LintResult result = new Helm(RenderedChart.CHART).lint().strict().call();
        assertFalse(result.isFailed(), String.join("\n", result.getMessages()));
    }

    @Test
    void defaultsRenderTheOperatorWithClusterWideRbac() {
        RenderedChart chart = RenderedChart.render(Map.of());
        assertEquals(Set.of("ServiceAccount/sandpod", "ClusterRole/sandpod", "ClusterRoleBinding/sandpod",
                        "Role/sandpod-leader-election", "RoleBinding/sandpod-leader-election", "Service/sandpod-metrics",
                        "ConfigMap/sandpod-policy", "Deployment/sandpod"),
                Set.copyOf(chart.kinds()));

        JsonNode deployment = chart.get("Deployment", "sandpod");
        assertEquals(RenderedChart.NAMESPACE, deployment.path("metadata").path("namespace").asText());
        assertEquals(1, deployment.path("spec").path("replicas").asInt());
        JsonNode pod = deployment.path("spec").path("template").path("spec");
        assertEquals("sandpod", pod.path("serviceAccountName").asText());
        assertTrue(pod.path("securityContext").path("runAsNonRoot").asBoolean());
        assertEquals(65532, pod.path("securityContext").path("runAsUser").asInt());
        assertEquals("RuntimeDefault", pod.path("securityContext").path("seccompProfile").path("type").asText());

        JsonNode container = chart.operatorContainer();
        assertEquals("sandpod/operator:dev", container.path("image").asText());
        assertEquals("/healthz", container.path("livenessProbe").path("httpGet").path("path").asText());
        assertEquals("/readyz", container.path("readinessProbe").path("httpGet").path("path").asText());
        assertEquals("http", container.path("readinessProbe").path("httpGet").path("port").asText());
        assertEquals(8080, container.path("ports").get(0).path("containerPort").asInt());
        assertTrue(container.path("securityContext").path("readOnlyRootFilesystem").asBoolean());
        assertFalse(container.path("securityContext").path("allowPrivilegeEscalation").asBoolean(true));
        assertEquals("ALL", container.path("securityContext").path("capabilities").path("drop").get(0).asText());
        assertEquals("512Mi", container.path("resources").path("limits").path("memory").asText());
        assertEquals("/tmp", container.path("volumeMounts").get(0).path("mountPath").asText(),
                "the only writable directory with a read-only root file system");

        assertEquals("kubernetes", chart.env("SANDPOD_DEFAULT_RUNTIME"));
        assertEquals("kubernetes", chart.env("SANDPOD_RUNTIMES"));
        assertEquals("sandpod/sandbox:dev", chart.env("SANDPOD_SANDBOX_IMAGE"));
        assertEquals("", chart.env("SANDPOD_NAMESPACES"), "empty: all namespaces");
        assertEquals("true", chart.env("SANDPOD_LEADER_ELECTION"));
        assertEquals(RenderedChart.NAMESPACE, chart.env("SANDPOD_LEASE_NAMESPACE"));
        assertEquals("8080", chart.env("SANDPOD_HTTP_PORT"));

        JsonNode binding = chart.get("ClusterRoleBinding", "sandpod");
        assertEquals("sandpod", binding.path("roleRef").path("name").asText());
        assertEquals("sandpod", binding.path("subjects").get(0).path("name").asText());
        assertEquals(RenderedChart.NAMESPACE, binding.path("subjects").get(0).path("namespace").asText());
        assertEquals(List.of(new RbacRule("coordination.k8s.io", "leases", "get"),
                        new RbacRule("coordination.k8s.io", "leases", "create"),
                        new RbacRule("coordination.k8s.io", "leases", "update"),
                        new RbacRule("coordination.k8s.io", "leases", "patch")),
                RbacRule.grantedBy(chart.get("Role", "sandpod-leader-election")));

        JsonNode service = chart.get("Service", "sandpod-metrics");
        assertEquals("http", service.path("spec").path("ports").get(0).path("targetPort").asText());
        assertEquals(pod.path("containers").get(0).path("ports").get(0).path("name").asText(), "http");
        JsonNode podLabels = deployment.path("spec").path("template").path("metadata").path("labels");
        service.path("spec").path("selector").properties().forEach(label ->
                assertEquals(label.getValue().asText(), podLabels.path(label.getKey()).asText(), "service selects the pod: " + label.getKey()));
    }

    @Test
    void watchedNamespacesGetARoleEachAndNoClusterRole(@TempDir Path dir) throws IOException {
        RenderedChart chart = RenderedChart.render(valuesFile(dir, "watchNamespaces: [team-a, team-b]"));
        assertTrue(chart.ofKind("ClusterRole").isEmpty(), chart.kinds().toString());
        assertTrue(chart.ofKind("ClusterRoleBinding").isEmpty(), chart.kinds().toString());
        List<JsonNode> roles = chart.ofKind("Role").stream()
                .filter(r -> r.path("metadata").path("name").asText().equals("sandpod")).toList();
        assertEquals(List.of("team-a", "team-b"), roles.stream().map(r -> r.path("metadata").path("namespace").asText()).toList());
        List<JsonNode> bindings = chart.ofKind("RoleBinding").stream()
                .filter(r -> r.path("metadata").path("name").asText().equals("sandpod")).toList();
        assertEquals(List.of("team-a", "team-b"), bindings.stream().map(r -> r.path("metadata").path("namespace").asText()).toList());
        bindings.forEach(b -> assertEquals(RenderedChart.NAMESPACE, b.path("subjects").get(0).path("namespace").asText()));
        assertEquals("team-a,team-b", chart.env("SANDPOD_NAMESPACES"));
        // the per-namespace Role grants exactly what the cluster-wide one does
        assertEquals(RbacRule.grantedBy(RenderedChart.render(Map.of()).get("ClusterRole", "sandpod")),
                RbacRule.grantedBy(roles.getFirst()));
    }

    @Test
    void customValuesReachTheDeploymentAndServiceMonitor(@TempDir Path dir) throws IOException {
        Path values = dir.resolve("values.yaml");
        Files.writeString(values, """
                image:
                  repository: registry.example.com/sandpod/operator
                  tag: "1.2.3"
                  pullPolicy: Always
                replicaCount: 2
                sandbox:
                  image: registry.example.com/sandpod/sandbox:1.2.3
                resources:
                  requests: {cpu: 50m, memory: 128Mi}
                  limits: {cpu: "1", memory: 1Gi}
                httpPort: 9090
                javaOpts: -Xlog:gc
                extraEnv:
                  - name: EXTRA
                    value: "yes"
                metrics:
                  serviceMonitor:
                    enabled: true
                    interval: 15s
                    labels: {release: prometheus}
                """);
        RenderedChart chart = RenderedChart.render(values);
        JsonNode container = chart.operatorContainer();
        assertEquals("registry.example.com/sandpod/operator:1.2.3", container.path("image").asText());
        assertEquals("Always", container.path("imagePullPolicy").asText());
        assertEquals(2, chart.get("Deployment", "sandpod").path("spec").path("replicas").asInt());
        assertEquals("registry.example.com/sandpod/sandbox:1.2.3", chart.env("SANDPOD_SANDBOX_IMAGE"));
        assertEquals("50m", container.path("resources").path("requests").path("cpu").asText());
        assertEquals("1Gi", container.path("resources").path("limits").path("memory").asText());
        assertEquals("9090", chart.env("SANDPOD_HTTP_PORT"));
        assertEquals(9090, container.path("ports").get(0).path("containerPort").asInt());
        assertEquals("-Xlog:gc", chart.env("SANDPOD_JAVA_OPTS"));
        assertEquals("yes", chart.env("EXTRA"));

        JsonNode monitor = chart.get("ServiceMonitor", "sandpod");
        assertEquals("prometheus", monitor.path("metadata").path("labels").path("release").asText());
        JsonNode endpoint = monitor.path("spec").path("endpoints").get(0);
        assertEquals("http-metrics", endpoint.path("port").asText());
        assertEquals("/metrics", endpoint.path("path").asText());
        assertEquals("15s", endpoint.path("interval").asText());
        JsonNode service = chart.get("Service", "sandpod-metrics");
        assertEquals("http-metrics", service.path("spec").path("ports").get(0).path("name").asText());
        Map<String, String> selector = new LinkedHashMap<>();
        monitor.path("spec").path("selector").path("matchLabels").properties()
                .forEach(e -> selector.put(e.getKey(), e.getValue().asText()));
        selector.forEach((k, v) -> assertEquals(v, service.path("metadata").path("labels").path(k).asText(),
                "the ServiceMonitor selects the metrics Service: " + k));
    }

    @Test
    void leaderElectionOffRendersNoLeaseRoleAndRecreates() {
        RenderedChart chart = RenderedChart.render(Map.of("leaderElection.enabled", "false"));
        assertTrue(chart.find("Role", "sandpod-leader-election").isEmpty(), chart.kinds().toString());
        assertEquals("false", chart.env("SANDPOD_LEADER_ELECTION"));
        assertEquals("Recreate", chart.get("Deployment", "sandpod").path("spec").path("strategy").path("type").asText());
    }

    @Test
    void schemaRejectsAnUnknownRuntimeNamingTheValue() {
        var error = assertThrows(IllegalStateException.class, () -> RenderedChart.render(Map.of("runtime", "foo")));
        assertTrue(error.getMessage().contains("runtime"), error.getMessage());
        assertTrue(error.getMessage().contains("kubernetes"), "names what is allowed: " + error.getMessage());
    }

    @Test
    void schemaRejectsTyposAndBadQuantities(@TempDir Path dir) throws IOException {
        var typo = assertThrows(IllegalStateException.class, () -> RenderedChart.render(Map.of("watchNamespace", "a")));
        assertTrue(typo.getMessage().contains("watchNamespace"), typo.getMessage());
        var quantity = assertThrows(IllegalStateException.class, () -> RenderedChart.render(Map.of("resources.limits.memory", "lots")));
        assertTrue(quantity.getMessage().contains("memory"), quantity.getMessage());
        Path badNamespace = valuesFile(dir, "watchNamespaces: [Team_A]");
        var namespace = assertThrows(IllegalStateException.class, () -> RenderedChart.render(badNamespace));
        assertTrue(namespace.getMessage().contains("watchNamespaces"), namespace.getMessage());
    }

    @Test
    void replicasWithoutLeaderElectionFailWithWhatToSet() {
        var error = assertThrows(IllegalStateException.class,
                () -> RenderedChart.render(Map.of("replicaCount", "2", "leaderElection.enabled", "false")));
        assertTrue(error.getMessage().contains("leaderElection.enabled: true"), error.getMessage());
    }

    @Test
    void everyValueIsDescribedByTheSchema() throws IOException {
        // a value added to values.yaml without a schema entry fails here (additionalProperties: false
        // would reject the chart's own defaults); the schema's top-level keys match values.yaml's
        var yaml = new com.fasterxml.jackson.databind.ObjectMapper(new com.fasterxml.jackson.dataformat.yaml.YAMLFactory());
        var json = new com.fasterxml.jackson.databind.ObjectMapper();
        Set<String> values = keys(yaml.readTree(RenderedChart.CHART.resolve("values.yaml").toFile()));
        Set<String> schema = keys(json.readTree(RenderedChart.CHART.resolve("values.schema.json").toFile()).path("properties"));
        assertEquals(values, schema);
    }

    private static Path valuesFile(Path dir, String yaml) throws IOException {
        return Files.writeString(Files.createTempFile(dir, "values", ".yaml"), yaml);
    }

    private static Set<String> keys(JsonNode node) {
        return node.properties().stream().map(Map.Entry::getKey).collect(Collectors.toCollection(java.util.TreeSet::new));
    }
}
