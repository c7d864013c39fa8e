package dev.sandpod.operator.it;

import dev.sandpod.api.session.SandboxSession;
import dev.sandpod.api.session.SessionRuntime;
import dev.sandpod.operator.OperatorConfig;
import dev.sandpod.operator.Runtimes;
import dev.sandpod.operator.SandpodOperator;
import dev.sandpod.operator.SessionMetrics;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.Operator;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

import java.util.List;
import java.util.function.Predicate;

/**
 * The Sandpod operator on fabric8's mock API server (CRUD mode): server-side apply off, since the
 * mock does not speak it, and the test's client kept open on stop; plus the session calls the
 * ITs of local runtimes share.
 */
final class MockApiOperator {

    final Operator operator;
    final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final KubernetesClient client;
    private final String namespace;

    private MockApiOperator(KubernetesClient client, String namespace, OperatorConfig config, Runtimes runtimes) {
        this.client = client;
        this.namespace = namespace;
        this.operator = SandpodOperator.create(client, config, runtimes,
                new SessionMetrics(registry),
                o -> o.withUseSSAToPatchPrimaryResource(false)
                        .withSSABasedCreateUpdateMatchForDependentResources(false)
                        .withCloseClientOnStop(false));
        operator.start();
    }

    static MockApiOperator start(KubernetesClient client, String namespace, SessionRuntime runtime, Runtimes runtimes) {
        return start(client, namespace, OperatorConfig.defaults(runtime), runtimes);
    }

    static MockApiOperator start(KubernetesClient client, String namespace, OperatorConfig config, Runtimes runtimes) {
        return new MockApiOperator(client, namespace, config, runtimes);
    }

    void stop() {
        operator.stop();
    }

    SandboxSession create(String name, dev.sandpod.api.session.SandboxSessionSpec spec) {
        SandboxSession session = new SandboxSession();
        session.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(namespace).build());
        session.setSpec(spec);
        return client.resource(session).create();
    }

    SandboxSession get(String name) {
        return client.resources(SandboxSession.class).inNamespace(namespace).withName(name).get();
    }

    SandboxSession awaitStatus(String name, String what, Predicate<SandboxSession> done) {
        return Eventually.await(what, () -> get(name), s -> s.getStatus() != null && done.test(s));
    }

    void delete(String name) {
        client.resources(SandboxSession.class).inNamespace(namespace).withName(name).delete();
    }

    void awaitGone(String name) {
        Eventually.await("session " + name + " removed after its cleanup", () -> get(name) == null ? "gone" : null, s -> true);
    }

    List<Event> events(String session) {
        return client.v1().events().inNamespace(namespace).list().getItems().stream()
                .filter(e -> session.equals(e.getInvolvedObject().getName())).toList();
    }
}
