package dev.sandpod.cluster;

import dev.sandpod.api.session.SandboxSession;
import dev.sandpod.api.session.SessionCondition;
import dev.sandpod.api.session.SessionPhase;
import dev.sandpod.client.Sandpod;
import dev.sandpod.client.Session;
import io.fabric8.kubernetes.api.model.Pod;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The sandbox pod lost behind the operator's back (docs/operator.md, "When the pod goes"):
 * deleted, the operator creates a new one and the session is Ready again with the same key; failed
 * (here: past an activeDeadlineSeconds set on the running pod, as an eviction would leave it), the
 * session is Failed with the command that replaces the pod, and that command brings it back.
 */
@RealClusterTest
@Order(8)
class PodRecoveryIT {

    @RegisterExtension
    static final TestNamespace ns = TestNamespace.named("recovery");


    @Test
    void aDeletedPodIsRecreatedAndAFailedOneNamesTheFix() {
        ns.create("""
                apiVersion: sandpod.dev/v1alpha1
                kind: SandboxSession
                metadata: {name: victim}
                """);
        SandboxSession first = ns.awaitPhase("victim", SessionPhase.Ready);
        String key = ns.cluster().client.secrets().inNamespace(ns.name).withName("victim-token").get().getData().get("token");
        try (ReadyRecorder recorder = new ReadyRecorder(ns.cluster(), ns.name)) {
            Pod original = ns.pod("victim");
            ns.cluster().cli.kubectl("delete", "pod", "-n", ns.name, "victim-sandbox", "--wait=true").ok();
            Pod replacement = Await.until("a new pod for victim", () -> ns.pod("victim"),
                    p -> !p.getMetadata().getUid().equals(original.getMetadata().getUid()));
            SandboxSession again = Await.until("victim Ready on its new pod", () -> ns.session("victim").get(),
                    s -> s.getStatus().getPhase() == SessionPhase.Ready && replacement.getStatus() != null
                            && recorder.history("victim").size() > 1);
            assertTrue(recorder.history("victim").contains("False") || recorder.history("victim").contains("Unknown"),
                    "the session was not Ready while its pod was gone: " + recorder.history("victim"));
            assertEquals(first.getStatus().getReadyAt(), again.getStatus().getReadyAt(), "readyAt is the first Ready");
        }
        assertEquals(key, ns.cluster().client.secrets().inNamespace(ns.name).withName("victim-token").get().getData().get("token"),
                "the key is kept");
        try (Session session = Sandpod.kubernetes(ns.cluster().client, ns.name).connect("victim")) {
            assertTrue(session.agent().run("echo back").output().contains("back"));
        }

        // a failed pod: the kubelet ends it after activeDeadlineSeconds and never restarts it
        String failedUid = ns.pod("victim").getMetadata().getUid();
        ns.cluster().cli.kubectl("patch", "pod", "victim-sandbox", "-n", ns.name, "--type=merge",
                "-p", "{\"spec\":{\"activeDeadlineSeconds\":1}}").ok();
        SandboxSession failed = ns.awaitPhase("victim", SessionPhase.Failed);
        assertEquals("PodFailed", TestNamespace.condition(failed, SessionCondition.READY).getReason());
        String fix = "kubectl delete pod victim-sandbox -n " + ns.name;
        assertTrue(failed.getStatus().getMessage().contains(fix), failed.getStatus().getMessage());

        List<String> command = List.of(fix.split(" "));
        ns.cluster().cli.run(Duration.ofMinutes(3), command.stream().map(w -> w.equals("kubectl") ? ns.cluster().settings.kubectl() : w)
                .toList()).ok();
        Await.until("victim Ready on a pod that replaced the failed one", () -> ns.session("victim").get(),
                s -> s.getStatus().getPhase() == SessionPhase.Ready && ns.pod("victim") != null
                        && !ns.pod("victim").getMetadata().getUid().equals(failedUid));
        assertNotEquals(failedUid, ns.pod("victim").getMetadata().getUid());
    }
}
