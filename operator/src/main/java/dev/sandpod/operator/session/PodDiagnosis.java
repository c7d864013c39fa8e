package dev.sandpod.operator.session;

import io.fabric8.kubernetes.api.model.ContainerStateTerminated;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Reads a sandbox pod's status for what a user must know: whether it is scheduled, whether it is
 * ready, and why it cannot run (image pull errors, the agent exiting, a failed pod). Pure code.
 *
 * @param scheduledStatus  True, False or Unknown
 * @param scheduledReason  CamelCase reason for the PodScheduled condition
 * @param scheduledMessage the scheduler's message when False
 * @param ready            the pod's Ready condition is True
 * @param podIP            the pod's IP, or null
 * @param failure          why it cannot run, or null
 */
public record PodDiagnosis(String scheduledStatus, String scheduledReason, String scheduledMessage,
                           boolean ready, String podIP, Failure failure) {

    private static final Set<String> PULL_ERRORS =
            Set.of("ImagePullBackOff", "ErrImagePull", "InvalidImageName", "ErrImageNeverPull", "RegistryUnavailable");
    private static final Set<String> CONFIG_ERRORS = Set.of("CreateContainerConfigError", "CreateContainerError");

    /**
     * @param reason       CamelCase reason: ImagePullFailed, AgentExited, AgentInjectionFailed, ContainerConfigError, PodFailed
     * @param message      what happened and what to do
     * @param container    the container whose logs explain it, or null
     * @param previousLogs whether those logs are of the previous (crashed) run
     */
    public record Failure(String reason, String message, String container, boolean previousLogs) {
    }

    public static PodDiagnosis of(Pod pod) {
        var status = pod.getStatus();
        List<PodCondition> conditions = status == null || status.getConditions() == null ? List.of() : status.getConditions();
        Optional<PodCondition> scheduled = find(conditions, "PodScheduled");
        String scheduledStatus = scheduled.map(PodCondition::getStatus).orElse(SessionStatusBuilder.UNKNOWN);
        String scheduledReason = switch (scheduledStatus) {
            case "True" -> "Scheduled";
            case "False" -> Objects.requireNonNullElse(scheduled.get().getReason(), "Unschedulable");
            default -> "Scheduling";
        };
        String scheduledMessage = switch (scheduledStatus) {
            case "True" -> "the pod is on node " + pod.getSpec().getNodeName();
            case "False" -> "the pod cannot be scheduled: " + scheduled.get().getMessage()
                    + "; change spec.resources, spec.nodeSelector or spec.tolerations, or add nodes";
            default -> "waiting for the scheduler to place the pod";
        };
        boolean ready = find(conditions, "Ready").map(c -> "True".equals(c.getStatus())).orElse(false);
        return new PodDiagnosis(scheduledStatus, scheduledReason, scheduledMessage, ready,
                status == null ? null : status.getPodIP(), failure(pod));
    }

    private static Failure failure(Pod pod) {
        var status = pod.getStatus();
        if (status == null) {
            return null;
        }
        if ("Failed".equals(status.getPhase())) {
            // evicted (node pressure), past activeDeadlineSeconds, or its node lost: the kubelet never restarts it
            return new Failure("PodFailed", "pod " + pod.getMetadata().getName() + " failed (" + status.getReason() + ": "
                    + status.getMessage() + "); delete it to get a new one: kubectl delete pod " + pod.getMetadata().getName()
                    + " -n " + pod.getMetadata().getNamespace() + " (the operator recreates it with the same key and Service;"
                    + " files survive only on a workspace claim, spec.workspace.size)", null, false);
        }
        for (ContainerStatus init : Objects.requireNonNullElse(status.getInitContainerStatuses(), List.<ContainerStatus>of())) {
            Failure failure = containerFailure(init, pod, "AgentInjectionFailed");
            if (failure != null) {
                return failure;
            }
        }
        for (ContainerStatus container : Objects.requireNonNullElse(status.getContainerStatuses(), List.<ContainerStatus>of())) {
            Failure failure = containerFailure(container, pod, "AgentExited");
            if (failure != null) {
                return failure;
            }
        }
        return null;
    }

    private static Failure containerFailure(ContainerStatus container, Pod pod, String exitReason) {
        var state = container.getState();
        var waiting = state == null ? null : state.getWaiting();
        if (waiting != null && PULL_ERRORS.contains(waiting.getReason())) {
            return new Failure("ImagePullFailed", "cannot pull image '" + image(pod, container) + "' for container "
                    + container.getName() + " (" + waiting.getReason() + ": " + waiting.getMessage()
                    + "); check spec.image, the registry and imagePullSecrets, or spec.imagePullPolicy", null, false);
        }
        if (waiting != null && CONFIG_ERRORS.contains(waiting.getReason())) {
            return new Failure("ContainerConfigError", "container " + container.getName() + " cannot be created ("
                    + waiting.getReason() + ": " + waiting.getMessage() + "); check spec.env and spec.resources", null, false);
        }
        ContainerStateTerminated terminated = state == null ? null : state.getTerminated();
        boolean previous = false;
        if (terminated == null && waiting != null && "CrashLoopBackOff".equals(waiting.getReason())
                && container.getLastState() != null) {
            terminated = container.getLastState().getTerminated();
            previous = true;
        }
        boolean initDone = "AgentInjectionFailed".equals(exitReason) && terminated != null
                && Objects.equals(terminated.getExitCode(), 0);
        if (terminated == null || initDone) {
            return null;
        }
        String what = "AgentExited".equals(exitReason) ? "the agent exited" : "copying the agent into the image failed";
        return new Failure(exitReason, what + " with exit code " + terminated.getExitCode()
                + (terminated.getReason() == null ? "" : " (" + terminated.getReason() + ")")
                + ("AgentExited".equals(exitReason) ? "; check that spec.image has bash and glibc, or set spec.injectAgent"
                : "; check spec.image and that the sandbox image " + image(pod, container) + " has /opt/sandpod"),
                container.getName(), previous);
    }

    private static String image(Pod pod, ContainerStatus status) {
        return pod.getSpec() == null ? status.getImage()
                : java.util.stream.Stream.concat(pod.getSpec().getContainers().stream(),
                        Objects.requireNonNullElse(pod.getSpec().getInitContainers(), List.<io.fabric8.kubernetes.api.model.Container>of()).stream())
                .filter(c -> c.getName().equals(status.getName())).map(c -> c.getImage()).findFirst().orElse(status.getImage());
    }

    private static Optional<PodCondition> find(List<PodCondition> conditions, String type) {
        return conditions.stream().filter(c -> type.equals(c.getType())).findFirst();
    }
}
