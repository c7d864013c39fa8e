package dev.sandpod.operator.it;

import dev.sandpod.api.session.SandboxSession;
import dev.sandpod.api.session.SandboxSessionSpec;
import dev.sandpod.api.session.SessionRuntime;
import dev.sandpod.operator.OperatorConfig;
import dev.sandpod.operator.Runtimes;
import dev.sandpod.operator.SandpodOperator;
import dev.sandpod.operator.SessionMetrics;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.authorization.v1.ResourceRuleBuilder;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectRulesReviewBuilder;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.CustomResourceDefinitionContext;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.javaoperatorsdk.operator.Operator;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertNotNull;

/**
 * The operator reconciles only once it holds the Lease, and stopping it does not exit the JVM
 * when exitOnStopLeading is false (the default would call System.exit and end this test run).
 */
@EnableKubernetesMockClient(crud = true)
class LeaderElectionIT {

    static KubernetesMockServer server;
    static KubernetesClient client;

    @Test
    void leaderTakesTheLeaseReconcilesAndStopsWithoutExiting() {
        server.expectCustomResource(CustomResourceDefinitionContext.fromCustomResourceType(SandboxSession.class));
        // the mock cannot evaluate RBAC: answer java-operator-sdk's lease permission check as a real server would
        server.expect().post().withPath("/apis/authorization.k8s.io/v1/selfsubjectrulesreviews")
                .andReturn(201, new SelfSubjectRulesReviewBuilder().withNewStatus().withIncomplete(false)
                        .addToResourceRules(new ResourceRuleBuilder().withApiGroups("coordination.k8s.io")
                                .withResources("leases").withVerbs("create", "update", "get").build())
                        .endStatus().build())
                .always();
        OperatorConfig config = new OperatorConfig(SessionRuntime.KUBERNETES, Set.of(SessionRuntime.KUBERNETES), Set.of(),
                OperatorConfig.DEFAULT_SANDBOX_IMAGE, true, "test", false, 0, null, null);
        Operator operator = SandpodOperator.create(client, config, Runtimes.kubernetesOnly(),
                new SessionMetrics(new SimpleMeterRegistry()),
                o -> o.withUseSSAToPatchPrimaryResource(false)
                        .withSSABasedCreateUpdateMatchForDependentResources(false)
                        .withCloseClientOnStop(false));
        operator.start();
        try {
            Lease lease = Eventually.await("the lease held", () -> client.leases().inNamespace("test")
                    .withName(SandpodOperator.LEASE_NAME).get(), l -> l.getSpec().getHolderIdentity() != null);
            assertNotNull(lease.getSpec().getHolderIdentity());
            SandboxSession session = new SandboxSession();
            session.setMetadata(new ObjectMetaBuilder().withName("led").withNamespace("test").build());
            session.setSpec(new SandboxSessionSpec());
            client.resource(session).create();
            Eventually.await("the leader's pod", () -> client.pods().inNamespace("test").withName("led-sandbox").get(), p -> true);
            client.resource(session).delete();
            Eventually.await("session removed", () -> client.resources(SandboxSession.class).inNamespace("test")
                    .withName("led").get() == null ? "gone" : null, s -> true);
        } finally {
            operator.stop();
        }
    }
}
