package dev.sandpod.cluster;

import dev.sandpod.api.session.SandboxSession;
import dev.sandpod.api.session.SessionCondition;
import dev.sandpod.api.session.SessionPhase;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.utils.Serialization;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * The namespace of one test class ({@code @RegisterExtension static final TestNamespace ns = ...}):
 * before the class, created and the operator installed (with the class's chart values, if any);
 * after it, emptied of sessions (the operator releases their finalizers) and deleted.
 */
final class TestNamespace implements BeforeAllCallback, AfterAllCallback {

    final String name;
    private final String[] operatorValues;
    private RealCluster cluster;

    private TestNamespace(String name, String... operatorValues) {
        this.name = name;
        this.operatorValues = operatorValues;
    }

    /** {@code sandpod-it-SUFFIX}, served by the release with the suite's images and the chart's defaults. */
    static TestNamespace named(String suffix) {
        return new TestNamespace("sandpod-it-" + suffix);
    }

    /** The same, with the release installed with these {@code --set} values once the namespace exists. */
    TestNamespace withOperator(String... values) {
        return new TestNamespace(name, values);
    }

    /** The same, leaving the release as it is (another namespace of the class installs it). */
    TestNamespace withoutOperator() {
        return new TestNamespace(name, (String[]) null);
    }

    /** The suite's cluster (created on first use, so a class without one is skipped, not broken). */
    RealCluster cluster() {
        return RealCluster.get();
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        cluster = RealCluster.get();
        if (cluster.client.namespaces().withName(name).get() != null) {
            afterAll(context); // left by an interrupted run
            Await.until("namespace " + name + " gone", Duration.ofMinutes(3),
                    () -> Objects.requireNonNullElse(cluster.client.namespaces().withName(name).get(), "gone"),
                    "gone"::equals);
        }
        cluster.client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(name)
                .addToLabels("app.kubernetes.io/part-of", "sandpod-cluster-tests").endMetadata().build()).create();
        if (operatorValues != null) {
            cluster.operator(operatorValues);
        }
    }

    /** Creates a session from YAML (metadata.namespace is this one). */
    SandboxSession create(String yaml) {
        SandboxSession session = Serialization.unmarshal(yaml, SandboxSession.class);
        session.getMetadata().setNamespace(name);
        return cluster.client.resource(session).create();
    }

    Resource<SandboxSession> session(String session) {
        return cluster.client.resources(SandboxSession.class).inNamespace(name).withName(session);
    }

    SandboxSession awaitPhase(String session, SessionPhase phase) {
        return awaitPhase(session, phase, Await.DEFAULT);
    }

    SandboxSession awaitPhase(String session, SessionPhase phase, Duration timeout) {
        try {
            return Await.until("session " + name + "/" + session + " " + phase, timeout, () -> session(session).get(),
                    s -> s.getStatus() != null && s.getStatus().getPhase() == phase);
        } catch (AssertionError e) {
            SandboxSession last = session(session).get();
            throw new AssertionError("session " + name + "/" + session + " not " + phase + " within " + timeout.toSeconds()
                    + " s; " + summary(last), e);
        }
    }

    /** Phase, message and conditions: what a failure message needs of a session. */
    static String summary(SandboxSession session) {
        if (session == null) {
            return "it does not exist";
        }
        var status = session.getStatus();
        if (status == null) {
            return "it has no status (is the operator running?)";
        }
        StringBuilder text = new StringBuilder("phase " + status.getPhase() + ": " + status.getMessage());
        if (status.getConditions() != null) {
            status.getConditions().forEach(c -> text.append("; ").append(c.getType()).append('=').append(c.getStatus())
                    .append(" (").append(c.getReason()).append(')'));
        }
        return text.toString();
    }

    static SessionCondition condition(SandboxSession session, String type) {
        return session.getStatus().getConditions().stream().filter(c -> type.equals(c.getType())).findFirst()
                .orElseThrow(() -> new AssertionError("no condition " + type + " in " + session.getStatus()));
    }

    Pod pod(String session) {
        return cluster.client.pods().inNamespace(name).withName(session + "-sandbox").get();
    }

    List<Pod> podsOf(String session) {
        return cluster.client.pods().inNamespace(name).withLabel("sandpod.dev/session", session).list().getItems();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (cluster == null) {
            return; // never got as far as the cluster
        }
        var sessions = cluster.client.resources(SandboxSession.class).inNamespace(name);
        sessions.delete();
        Await.until("the sessions of " + name + " deleted (the operator removes its finalizer)", Duration.ofMinutes(3),
                () -> sessions.list().getItems(), List::isEmpty);
        cluster.client.namespaces().withName(name).delete(); // the namespace controller finishes it
    }
}
