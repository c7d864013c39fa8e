package dev.sandpod.cluster;

import dev.sandpod.api.session.SandboxSession;
import dev.sandpod.api.session.SessionCondition;
import dev.sandpod.api.session.SessionPhase;
import io.fabric8.kubernetes.api.model.Event;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Sessions that cannot run say why, in status and as a Warning Event, never as a silent Pending:
 * an image that does not exist, a nodeSelector no node matches, an agent that exits.
 */
@RealClusterTest
@Order(6)
class FailureReasonsIT {

    @RegisterExtension
    static final TestNamespace ns = TestNamespace.named("failures");


    @Test
    void anImageThatDoesNotExist() {
        ns.create("""
                apiVersion: sandpod.dev/v1alpha1
                kind: SandboxSession
                metadata: {name: noimage}
                spec: {image: sandpod.invalid/no-such-image:1, imagePullPolicy: IfNotPresent}
                """);
        SandboxSession failed = ns.awaitPhase("noimage", SessionPhase.Failed);
        SessionCondition ready = TestNamespace.condition(failed, SessionCondition.READY);
        assertEquals("ImagePullFailed", ready.getReason());
        assertTrue(failed.getStatus().getMessage().contains("sandpod.invalid/no-such-image:1"), failed.getStatus().getMessage());
        assertWarning("noimage", "ImagePullFailed");
    }

    @Test
    void aNodeSelectorNoNodeMatches() {
        ns.create("""
                apiVersion: sandpod.dev/v1alpha1
                kind: SandboxSession
                metadata: {name: nowhere}
                spec:
                  nodeSelector: {sandpod.dev/no-such-pool: "true"}
                """);
        SandboxSession pending = Await.until("PodScheduled False", () -> ns.session("nowhere").get(),
                s -> s.getStatus() != null && s.getStatus().getConditions() != null
                        && "False".equals(TestNamespace.condition(s, SessionCondition.POD_SCHEDULED).getStatus()));
        assertEquals(SessionPhase.Pending, pending.getStatus().getPhase());
        SessionCondition scheduled = TestNamespace.condition(pending, SessionCondition.POD_SCHEDULED);
        assertEquals("Unschedulable", scheduled.getReason());
        assertTrue(scheduled.getMessage().contains("node selector") || scheduled.getMessage().contains("nodeSelector")
                || scheduled.getMessage().contains("node affinity"), scheduled.getMessage());
        assertTrue(pending.getStatus().getMessage().contains("spec.nodeSelector"), pending.getStatus().getMessage());
        assertWarning("nowhere", "Unschedulable");
    }

    @Test
    void anAgentThatExits() {
        // the agent's JVM refuses an unknown option and exits 1 before serving
        ns.create("""
                apiVersion: sandpod.dev/v1alpha1
                kind: SandboxSession
                metadata: {name: exits}
                spec:
                  env: [{name: JAVA_TOOL_OPTIONS, value: "-XX:+SandpodNoSuchOption"}]
                """);
        SandboxSession failed = ns.awaitPhase("exits", SessionPhase.Failed);
        SessionCondition ready = TestNamespace.condition(failed, SessionCondition.READY);
        assertEquals("AgentExited", ready.getReason());
        String message = failed.getStatus().getMessage();
        assertTrue(message.contains("exit code 1"), message);
        assertTrue(message.contains("SandpodNoSuchOption"), "the agent's last log lines: " + message);
        assertWarning("exits", "AgentExited");
    }

    private static void assertWarning(String session, String reason) {
        List<Event> events = Await.until("a Warning Event " + reason + " on " + session,
                () -> ns.cluster().client.v1().events().inNamespace(ns.name).list().getItems().stream()
                        .filter(e -> session.equals(e.getInvolvedObject().getName()) && reason.equals(e.getReason()))
                        .toList(),
                list -> !list.isEmpty());
        assertEquals("Warning", events.getFirst().getType());
    }
}
