package dev.sandpod.bench;

import dev.sandpod.api.session.SandboxSession;
import dev.sandpod.api.session.SessionRuntime;
import dev.sandpod.operator.OperatorConfig;
import dev.sandpod.operator.Runtimes;
import dev.sandpod.operator.SandpodOperator;
import dev.sandpod.operator.SessionMetrics;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.CustomResourceDefinitionContext;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.javaoperatorsdk.operator.Operator;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

import java.util.HashMap;
import java.util.List;

/**
 * fabric8's Kubernetes mock API server in CRUD mode, in this JVM, with a client; and the Sandpod
 * operator on it, configured as the ITs do (no server-side apply, which the mock does not speak).
 */
final class MockApi implements AutoCloseable {

    // the mock logs every request at INFO through java.util.logging: thousands of lines that cost CPU
    private static final java.util.logging.Logger MOCK_LOG = java.util.logging.Logger.getLogger("io.fabric8.mockwebserver");

    static {
        MOCK_LOG.setLevel(java.util.logging.Level.WARNING);
    }

    final KubernetesMockServer server;
    final KubernetesClient client;

    MockApi() {
        server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(),
                new KubernetesCrudDispatcher(List.of(CustomResourceDefinitionContext.fromCustomResourceType(SandboxSession.class))),
                false);
        server.init();
        client = server.createClient();
    }

    Operator startOperator(SessionRuntime runtime, Runtimes runtimes) {
        Operator operator = SandpodOperator.create(client, OperatorConfig.defaults(runtime), runtimes,
                new SessionMetrics(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT)),
                o -> o.withUseSSAToPatchPrimaryResource(false)
                        .withSSABasedCreateUpdateMatchForDependentResources(false)
                        .withCloseClientOnStop(false));
        operator.start();
        return operator;
    }

    @Override
    public void close() {
        client.close();
        server.destroy();
    }
}
