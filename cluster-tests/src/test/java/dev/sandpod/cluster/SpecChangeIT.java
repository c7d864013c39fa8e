package dev.sandpod.cluster;

import dev.sandpod.api.session.SandboxSession;
import dev.sandpod.api.session.SessionPhase;
import dev.sandpod.client.Sandpod;
import dev.sandpod.client.Session;
import io.fabric8.kubernetes.api.model.Pod;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A spec change of a running session, as docs/operator.md says: the pod (and its shell) is kept,
 * the session stays Ready and observes the new generation, and the change applies when the pod is
 * deleted and the operator creates it again.
 */
@RealClusterTest
@Order(9)
class SpecChangeIT {

    @RegisterExtension
    static final TestNamespace ns = TestNamespace.named("change");


    @Test
    void aChangedSpecAppliesWhenThePodIsRecreated() {
        ns.create("""
                apiVersion: sandpod.dev/v1alpha1
                kind: SandboxSession
                metadata: {name: change}
                spec:
                  env: [{name: GREETING, value: one}]
                """);
        ns.awaitPhase("change", SessionPhase.Ready);
        Pod before = ns.pod("change");
        assertEquals("one", echoGreeting());

        ns.cluster().cli.kubectl("patch", "sbx", "change", "-n", ns.name, "--type=merge",
                "-p", "{\"spec\":{\"env\":[{\"name\":\"GREETING\",\"value\":\"two\"}]}}").ok();
        SandboxSession changed = Await.until("the new generation observed", () -> ns.session("change").get(),
                s -> s.getStatus().getObservedGeneration() != null
                        && s.getStatus().getObservedGeneration().equals(s.getMetadata().getGeneration()));
        assertEquals(SessionPhase.Ready, changed.getStatus().getPhase(), "the running sandbox is kept");
        assertEquals(before.getMetadata().getUid(), ns.pod("change").getMetadata().getUid(), "the pod is not replaced");
        assertEquals("one", echoGreeting(), "the running shell keeps its environment");
        assertTrue(changed.getStatus().getMessage().contains("kubectl delete pod change-sandbox"),
                "the status says how to apply the change: " + changed.getStatus().getMessage());

        ns.cluster().cli.kubectl("delete", "pod", "change-sandbox", "-n", ns.name).ok();
        Await.until("change Ready on a new pod", () -> ns.session("change").get(),
                s -> s.getStatus().getPhase() == SessionPhase.Ready && ns.pod("change") != null
                        && !ns.pod("change").getMetadata().getUid().equals(before.getMetadata().getUid()));
        assertEquals("two", echoGreeting(), "the new pod has the new spec");
        assertTrue(!ns.session("change").get().getStatus().getMessage().contains("kubectl delete pod"),
                "nothing left to apply: " + ns.session("change").get().getStatus().getMessage());
    }

    private static String echoGreeting() {
        try (Session session = Sandpod.kubernetes(ns.cluster().client, ns.name).connect("change")) {
            return session.agent().run("echo $GREETING").output().strip();
        }
    }
}
