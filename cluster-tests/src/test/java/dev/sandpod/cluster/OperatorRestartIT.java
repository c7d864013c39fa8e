package dev.sandpod.cluster;

import dev.sandpod.api.session.SandboxSession;
import dev.sandpod.api.session.SessionPhase;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The operator killed (its pod force-deleted, as a node failure or an OOM kill would end it) while
 * 20 sessions are being created: its replacement takes the Lease and finishes the work, and every
 * session becomes Ready exactly once, with one pod, one Service and one key Secret each, and no
 * Secret left without its session.
 */
@RealClusterTest
@Order(7)
class OperatorRestartIT {

    static final int SESSIONS = 20;
    @RegisterExtension
    static final TestNamespace ns = TestNamespace.named("restart");


    @Test
    void killedWhileTwentySessionsAreCreatedThenEverySessionIsReadyOnce() {
        List<String> names = IntStream.rangeClosed(1, SESSIONS).mapToObj(i -> "s" + i).toList();
        try (ReadyRecorder recorder = new ReadyRecorder(ns.cluster(), ns.name)) {
            names.parallelStream().forEach(name -> ns.create("""
                    apiVersion: sandpod.dev/v1alpha1
                    kind: SandboxSession
                    metadata: {name: %s}
                    """.formatted(name)));
            // mid-creation: some sessions have pods, none or few are Ready yet
            Await.until("the operator creating pods", Duration.ofMinutes(3),
                    () -> ns.cluster().client.pods().inNamespace(ns.name).list().getItems().size(), n -> n >= 3);
            Pod killed = ns.cluster().operatorPod();
            ns.cluster().logs.snapshot();
            long readyBefore = ns.cluster().client.resources(SandboxSession.class).inNamespace(ns.name).list().getItems().stream()
                    .filter(s -> s.getStatus() != null && s.getStatus().getPhase() == SessionPhase.Ready).count();
            ns.cluster().cli.kubectl("delete", "pod", "-n", RealCluster.NAMESPACE, killed.getMetadata().getName(),
                    "--grace-period=0", "--force").ok();
            System.out.println("killed " + killed.getMetadata().getName() + " with " + readyBefore + " of " + SESSIONS + " Ready");

            Pod replacement = ns.cluster().operatorPod();
            assertNotEquals(killed.getMetadata().getUid(), replacement.getMetadata().getUid());
            for (String name : names) {
                ns.awaitPhase(name, SessionPhase.Ready, Duration.ofMinutes(8));
            }

            for (String name : names) {
                assertEquals(List.of("True"), recorder.history(name).stream().filter(s -> !s.equals("none")
                                && !s.equals("Unknown") && !s.equals("False")).toList(),
                        name + " became Ready exactly once: " + recorder.history(name));
                assertEquals("True", recorder.history(name).getLast(), name + ": " + recorder.history(name));
                assertEquals(1, ns.podsOf(name).size(), name + " has one pod");
                long readyEvents = ns.cluster().client.v1().events().inNamespace(ns.name).list().getItems().stream()
                        .filter(e -> name.equals(e.getInvolvedObject().getName()) && e.getMessage() != null
                                && e.getMessage().startsWith("Ready is True")).count();
                assertEquals(1, readyEvents, name + ": one 'Ready is True' Event");
                assertNotNull(ns.session(name).get().getStatus().getReadyAt());
            }
        }
        Map<String, String> sessions = ns.cluster().client.resources(SandboxSession.class).inNamespace(ns.name).list().getItems()
                .stream().collect(Collectors.toMap(s -> s.getMetadata().getName(), s -> s.getMetadata().getUid()));
        assertOwnedOnePerSession("Secret", ns.cluster().client.secrets().inNamespace(ns.name)
                .withLabel("app.kubernetes.io/managed-by", "sandpod").list().getItems(), sessions);
        assertOwnedOnePerSession("Service", ns.cluster().client.services().inNamespace(ns.name)
                .withLabel("app.kubernetes.io/managed-by", "sandpod").list().getItems(), sessions);
        assertOwnedOnePerSession("Pod", ns.cluster().client.pods().inNamespace(ns.name).list().getItems(), sessions);
    }

    private static void assertOwnedOnePerSession(String kind, List<? extends HasMetadata> objects, Map<String, String> sessions) {
        assertEquals(SESSIONS, objects.size(), kind + "s: " + objects.stream().map(o -> o.getMetadata().getName()).toList());
        Map<String, Long> perOwner = objects.stream().collect(Collectors.groupingBy(o -> {
            var owners = o.getMetadata().getOwnerReferences();
            assertTrue(owners != null && owners.size() == 1, kind + " " + o.getMetadata().getName() + " has one owner");
            return owners.getFirst().getUid();
        }, Collectors.counting()));
        assertEquals(Set.copyOf(sessions.values()), perOwner.keySet(), kind + "s belong to the sessions, none orphaned");
        assertTrue(perOwner.values().stream().allMatch(n -> n == 1), kind + "s per session: " + perOwner);
        assertEquals(sessions.size(), sessions.values().stream().map(Function.identity()).distinct().count());
    }
}
