package dev.sandpod.operator.it;

import dev.sandpod.api.session.SandboxSession;
import dev.sandpod.api.session.SandboxSessionSpec;
import dev.sandpod.api.session.SessionPhase;
import dev.sandpod.api.session.SessionRuntime;
import dev.sandpod.api.session.SessionWorkspace;
import dev.sandpod.operator.OperatorConfig;
import dev.sandpod.operator.Runtimes;
import dev.sandpod.operator.SandpodOperator;
import dev.sandpod.operator.SessionMetrics;
import dev.sandpod.operator.chart.RbacRule;
import dev.sandpod.operator.chart.RenderedChart;
import io.fabric8.kubernetes.api.model.ContainerStateBuilder;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectRulesReviewBuilder;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.dsl.base.CustomResourceDefinitionContext;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.javaoperatorsdk.operator.Operator;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The chart's RBAC against what the operator really does: the operator runs against the mock API
 * server (leader election on) through sessions that exercise every path (ready, workspace claim,
 * claim removed, agent exited with its logs read, deletion), every request it makes is recorded and
 * turned into the permission Kubernetes would check, and the rendered ClusterRole and Lease Role
 * must grant each one. The other way round, every rule the chart grants must have been used, or be
 * listed in {@link #REAL_SERVER_ONLY} with the reason the mock cannot show it: least privilege.
 */
@EnableKubernetesMockClient(crud = true)
class OperatorRbacIT {

    private static final String USER_AGENT = "sandpod-operator-under-rbac-test";
    private static final String LEASE_NAMESPACE = "sandpod-system";

    /** Granted to every authenticated user by Kubernetes' default ClusterRoles (system:basic-user). */
    private static final Set<RbacRule> DEFAULT_GRANTED = Set.of(
            new RbacRule("authorization.k8s.io", "selfsubjectrulesreviews", "create"));

    /**
     * Granted by the chart but not seen against the mock: the test turns server-side apply off
     * (the mock answers it 415), and a real API server applies admission the mock does not.
     */
    private static final Map<RbacRule, String> REAL_SERVER_ONLY = Map.ofEntries(
            Map.entry(new RbacRule("", "pods", "patch"), "server-side apply of the pod (create-only dependent)"),
            Map.entry(new RbacRule("", "secrets", "patch"), "server-side apply of the token Secret"),
            Map.entry(new RbacRule("", "services", "patch"), "server-side apply of the Service"),
            Map.entry(new RbacRule("", "persistentvolumeclaims", "patch"), "server-side apply of the claim"),
            Map.entry(new RbacRule("networking.k8s.io", "networkpolicies", "patch"), "server-side apply of the NetworkPolicy"),
            Map.entry(new RbacRule("coordination.k8s.io", "leases", "update"),
                    "java-operator-sdk refuses to elect unless a SelfSubjectRulesReview shows get, create and update"),
            Map.entry(new RbacRule("sandpod.dev", "sandboxsessions/finalizers", "update"),
                    "OwnerReferencesPermissionEnforcement: owner references with blockOwnerDeletion"));

    static KubernetesMockServer server;
    static KubernetesClient client;

    @Test
    void chartGrantsWhatTheOperatorUsesAndNothingMore() throws Exception {
        server.expectCustomResource(CustomResourceDefinitionContext.fromCustomResourceType(SandboxSession.class));
        // JOSDK checks its Lease permissions before electing; the mock answers what RBAC would
        server.expect().post().withPath("/apis/authorization.k8s.io/v1/selfsubjectrulesreviews")
                .andReturn(201, new SelfSubjectRulesReviewBuilder().withNewStatus()
                        .addNewResourceRule().withApiGroups("coordination.k8s.io").withResources("leases")
                        .withVerbs("get", "create", "update").endResourceRule()
                        .withIncomplete(false).endStatus().build())
                .always();
        Set<RbacRule> used = new TreeSet<>();
        try (FakeAgentServer agent = new FakeAgentServer();
             KubernetesClient operatorClient = new KubernetesClientBuilder()
                     .withConfig(new ConfigBuilder(client.getConfiguration()).withUserAgent(USER_AGENT).build()).build()) {
            var config = new OperatorConfig(SessionRuntime.KUBERNETES, Set.of(SessionRuntime.KUBERNETES), Set.of(),
                    OperatorConfig.DEFAULT_SANDBOX_IMAGE, true, LEASE_NAMESPACE, false, 0, null, agent.port());
            Operator operator = SandpodOperator.create(operatorClient, config, Runtimes.kubernetesOnly(),
                    new SessionMetrics(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT)),
                    o -> o.withUseSSAToPatchPrimaryResource(false)
                            .withSSABasedCreateUpdateMatchForDependentResources(false)
                            .withCloseClientOnStop(false));
            operator.start();
            try {
                exerciseEveryPath(agent);
            } finally {
                operator.stop();
            }
        }
        RecordedRequest request;
        while ((request = server.takeRequest(100, TimeUnit.MILLISECONDS)) != null) {
            String userAgent = request.getHeader("User-Agent");
            if (userAgent != null && userAgent.contains(USER_AGENT)) {
                ApiRequest.permission(request.getMethod(), request.getPath()).ifPresent(used::add);
            }
        }

        RenderedChart chart = RenderedChart.render(Map.of());
        Set<RbacRule> granted = Stream.concat(
                        RbacRule.grantedBy(chart.get("ClusterRole", "sandpod")).stream(),
                        RbacRule.grantedBy(chart.get("Role", "sandpod-leader-election")).stream())
                .collect(Collectors.toSet());

        Set<RbacRule> missing = used.stream()
                .filter(rule -> !granted.contains(rule) && !DEFAULT_GRANTED.contains(rule))
                .collect(Collectors.toCollection(TreeSet::new));
        assertTrue(missing.isEmpty(), "the operator makes requests the chart's RBAC does not allow: " + missing
                + "\nadd them to sandpod.sessionRules or sandpod.leaseRules in charts/sandpod/templates/_helpers.tpl"
                + "\nall requests: " + used);

        Set<RbacRule> unused = granted.stream()
                .filter(rule -> !used.contains(rule) && !REAL_SERVER_ONLY.containsKey(rule))
                .collect(Collectors.toCollection(TreeSet::new));
        assertEquals(Set.of(), unused, "the chart grants permissions the operator never used; remove them from"
                + " charts/sandpod/templates/_helpers.tpl (or list them in REAL_SERVER_ONLY with the reason); used: " + used);
        Set<RbacRule> notGranted = REAL_SERVER_ONLY.keySet().stream().filter(r -> !granted.contains(r)).collect(Collectors.toSet());
        assertEquals(Set.of(), notGranted, "REAL_SERVER_ONLY lists rules the chart does not grant");
    }

    private void exerciseEveryPath(FakeAgentServer agent) {
        Eventually.await("the Lease taken", () -> client.leases().inNamespace(LEASE_NAMESPACE)
                .withName(SandpodOperator.LEASE_NAME).get(), lease -> lease != null);

        // ready: Secret, Pod, Service, status, Events, the agent probed with the key
        create("ready", new SandboxSessionSpec());
        awaitPod("ready-sandbox");
        String key = apiKey("ready");
        setPodStatus("ready-sandbox", new PodStatusBuilder().withPhase("Running").withPodIP("127.0.0.1")
                .addToConditions(new PodConditionBuilder().withType("PodScheduled").withStatus("True").build())
                .addToConditions(new PodConditionBuilder().withType("Ready").withStatus("True").build())
                .build());
        agent.start(key);
        awaitPhase("ready", SessionPhase.Ready);

        // a workspace claim, then the claim removed from the spec (the dependent deletes it)
        SandboxSessionSpec withClaim = new SandboxSessionSpec();
        SessionWorkspace workspace = new SessionWorkspace();
        workspace.setSize(new Quantity("1Gi"));
        withClaim.setWorkspace(workspace);
        create("claim", withClaim);
        Eventually.await("claim", () -> client.persistentVolumeClaims().inNamespace("test").withName("claim-workspace").get(),
                c -> c != null);
        client.resources(SandboxSession.class).inNamespace("test").withName("claim")
                .edit(s -> {
                    s.getSpec().setWorkspace(null);
                    return s;
                });
        Eventually.await("claim deleted", () -> java.util.Optional.ofNullable(
                client.persistentVolumeClaims().inNamespace("test").withName("claim-workspace").get()), java.util.Optional::isEmpty);

        // the agent exited: the operator reads its last log lines
        create("exited", new SandboxSessionSpec());
        awaitPod("exited-sandbox");
        setPodStatus("exited-sandbox", new PodStatusBuilder().withPhase("Running").withPodIP("127.0.0.1")
                .addToConditions(new PodConditionBuilder().withType("PodScheduled").withStatus("True").build())
                .addToContainerStatuses(new ContainerStatusBuilder().withName("agent").withReady(false).withRestartCount(0)
                        .withState(new ContainerStateBuilder().withNewTerminated().withExitCode(1).withReason("Error").endTerminated().build())
                        .build())
                .build());
        awaitPhase("exited", SessionPhase.Failed);

        // deletion: the finalizer removed
        // one by one: the mock server prints a whole collection it deletes
        for (String name : List.of("ready", "claim", "exited")) {
            client.resources(SandboxSession.class).inNamespace("test").withName(name).delete();
        }
        Eventually.await("sessions deleted", () -> client.resources(SandboxSession.class).inNamespace("test").list().getItems(),
                List::isEmpty);
    }

    private static void create(String name, SandboxSessionSpec spec) {
        SandboxSession session = new SandboxSession();
        session.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace("test").build());
        session.setSpec(spec);
        client.resource(session).create();
    }

    private static void awaitPod(String name) {
        Eventually.await("pod " + name, () -> client.pods().inNamespace("test").withName(name).get(), p -> p != null);
    }

    private static void awaitPhase(String name, SessionPhase phase) {
        Eventually.await(name + " " + phase, () -> client.resources(SandboxSession.class).inNamespace("test").withName(name).get(),
                s -> s.getStatus() != null && s.getStatus().getPhase() == phase);
    }

    private static void setPodStatus(String name, PodStatus status) {
        var pod = client.pods().inNamespace("test").withName(name).get();
        pod.setStatus(status);
        client.pods().inNamespace("test").resource(pod).updateStatus();
    }

    private static String apiKey(String session) {
        Secret secret = Eventually.await("secret", () -> client.secrets().inNamespace("test").withName(session + "-token").get(),
                s -> s != null);
        return new String(Base64.getDecoder().decode(secret.getData().get("token")), StandardCharsets.UTF_8);
    }
}
