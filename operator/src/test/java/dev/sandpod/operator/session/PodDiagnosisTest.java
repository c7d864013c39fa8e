package dev.sandpod.operator.session;

import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PodDiagnosisTest {

    private static PodBuilder pod() {
        return new PodBuilder().withNewMetadata().withName("demo-sandbox").endMetadata()
                .withNewSpec().withNodeName("node-a")
                .addNewContainer().withName("agent").withImage("python:3.12-slim").endContainer()
                .addNewInitContainer().withName("install-agent").withImage("sandpod/sandbox:dev").endInitContainer()
                .endSpec();
    }

    @Test
    void newPodIsSchedulingWithoutFailure() {
        PodDiagnosis d = PodDiagnosis.of(pod().build());
        assertEquals("Unknown", d.scheduledStatus());
        assertFalse(d.ready());
        assertNull(d.failure());
    }

    @Test
    void readyPodWithIp() {
        Pod pod = pod().withNewStatus().withPodIP("10.0.0.7")
                .addToConditions(new PodConditionBuilder().withType("PodScheduled").withStatus("True").build())
                .addToConditions(new PodConditionBuilder().withType("Ready").withStatus("True").build())
                .endStatus().build();
        PodDiagnosis d = PodDiagnosis.of(pod);
        assertEquals("True", d.scheduledStatus());
        assertTrue(d.scheduledMessage().contains("node-a"));
        assertTrue(d.ready());
        assertEquals("10.0.0.7", d.podIP());
        assertNull(d.failure());
    }

    @Test
    void unschedulableCarriesTheSchedulersMessage() {
        Pod pod = pod().withNewStatus().addToConditions(new PodConditionBuilder().withType("PodScheduled")
                .withStatus("False").withReason("Unschedulable").withMessage("0/1 nodes are available: 1 Insufficient cpu.")
                .build()).endStatus().build();
        PodDiagnosis d = PodDiagnosis.of(pod);
        assertEquals("False", d.scheduledStatus());
        assertEquals("Unschedulable", d.scheduledReason());
        assertTrue(d.scheduledMessage().contains("0/1 nodes are available: 1 Insufficient cpu."));
        assertTrue(d.scheduledMessage().contains("spec.resources"));
    }

    @Test
    void imagePullErrorNamesTheImage() {
        Pod pod = pod().withNewStatus().addToContainerStatuses(new ContainerStatusBuilder().withName("agent")
                .withImage("python:3.12-slim").withNewState().withNewWaiting().withReason("ImagePullBackOff")
                .withMessage("Back-off pulling image").endWaiting().endState().build()).endStatus().build();
        PodDiagnosis.Failure failure = PodDiagnosis.of(pod).failure();
        assertEquals("ImagePullFailed", failure.reason());
        assertTrue(failure.message().contains("'python:3.12-slim'"), failure.message());
        assertTrue(failure.message().contains("spec.image"));
    }

    @Test
    void crashLoopIsAgentExitedWithExitCodeAndPreviousLogs() {
        Pod pod = pod().withNewStatus().addToContainerStatuses(new ContainerStatusBuilder().withName("agent")
                .withNewState().withNewWaiting().withReason("CrashLoopBackOff").endWaiting().endState()
                .withNewLastState().withNewTerminated().withExitCode(127).withReason("Error").endTerminated().endLastState()
                .build()).endStatus().build();
        PodDiagnosis.Failure failure = PodDiagnosis.of(pod).failure();
        assertEquals("AgentExited", failure.reason());
        assertTrue(failure.message().contains("exit code 127"), failure.message());
        assertEquals("agent", failure.container());
        assertTrue(failure.previousLogs());
    }

    @Test
    void failedInjectionIsReportedButACompletedOneIsNot() {
        Pod done = pod().withNewStatus().addToInitContainerStatuses(new ContainerStatusBuilder().withName("install-agent")
                .withNewState().withNewTerminated().withExitCode(0).withReason("Completed").endTerminated().endState()
                .build()).endStatus().build();
        assertNull(PodDiagnosis.of(done).failure());
        Pod failed = pod().withNewStatus().addToInitContainerStatuses(new ContainerStatusBuilder().withName("install-agent")
                .withNewState().withNewTerminated().withExitCode(1).withReason("Error").endTerminated().endState()
                .build()).endStatus().build();
        PodDiagnosis.Failure failure = PodDiagnosis.of(failed).failure();
        assertEquals("AgentInjectionFailed", failure.reason());
        assertFalse(failure.previousLogs());
    }

    @Test
    void aFailedPodSaysWhichCommandReplacesIt() {
        Pod pod = pod().editMetadata().withNamespace("team-a").endMetadata()
                .withNewStatus().withPhase("Failed").withReason("Evicted").withMessage("The node was low on resource: memory.")
                .endStatus().build();
        PodDiagnosis.Failure failure = PodDiagnosis.of(pod).failure();
        assertEquals("PodFailed", failure.reason());
        assertTrue(failure.message().contains("Evicted: The node was low on resource: memory."), failure.message());
        assertTrue(failure.message().contains("kubectl delete pod demo-sandbox -n team-a"), failure.message());
    }
}
