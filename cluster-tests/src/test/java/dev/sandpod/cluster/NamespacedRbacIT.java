package dev.sandpod.cluster;

import dev.sandpod.api.session.SandboxSession;
import dev.sandpod.api.session.SessionPhase;
import dev.sandpod.client.Sandpod;
import dev.sandpod.client.Session;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The chart's per-namespace mode ({@code watchNamespaces}): a Role and RoleBinding in each listed
 * namespace and no ClusterRole; the operator serves sessions there (create, Ready, a command,
 * delete) without one refused API call, and leaves other namespaces alone. The class's log check
 * fails on any Forbidden; the cluster-wide release is put back afterwards.
 */
@RealClusterTest
@Order(20)
class NamespacedRbacIT {

    static final String WATCHED = "sandpod-it-team-a";
    @RegisterExtension
    static final TestNamespace watched = TestNamespace.named("team-a").withOperator("--set", "watchNamespaces={" + WATCHED + "}");
    @RegisterExtension
    static final TestNamespace other = TestNamespace.named("team-b").withoutOperator();

    @AfterAll
    static void clusterWideAgain() {
        watched.cluster().operator(); // for whatever runs next; it also releases the sessions left in both namespaces
    }

    @Test
    void rolesPerNamespaceAreEnoughForTheWholeSessionLife() {
        RealCluster cluster = watched.cluster();
        assertEquals(WATCHED, watched.name);
        assertNull(cluster.client.rbac().clusterRoles().withName("sandpod").get(), "no ClusterRole in namespace mode");
        assertTrue(cluster.client.rbac().roles().inNamespace(watched.name).withName("sandpod").get() != null);

        other.create("""
                apiVersion: sandpod.dev/v1alpha1
                kind: SandboxSession
                metadata: {name: ignored}
                """);
        watched.create("""
                apiVersion: sandpod.dev/v1alpha1
                kind: SandboxSession
                metadata: {name: served}
                """);
        watched.awaitPhase("served", SessionPhase.Ready);
        try (Session session = Sandpod.kubernetes(cluster.client, watched.name).connect("served")) {
            assertTrue(session.agent().run("echo served").output().contains("served"));
        }
        watched.session("served").delete();
        Await.until("served deleted (finalizer released under the Role)", Duration.ofMinutes(3),
                () -> Objects.requireNonNullElse((Object) watched.session("served").get(), "gone"), "gone"::equals);

        SandboxSession ignored = other.session("ignored").get();
        assertNull(ignored.getStatus(), "a namespace not watched is left alone");
        assertNull(ignored.getMetadata().getFinalizers() == null || ignored.getMetadata().getFinalizers().isEmpty() ? null
                : ignored.getMetadata().getFinalizers());
    }
}
