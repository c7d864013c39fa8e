package dev.sandpod.operator.session;

import dev.sandpod.api.session.SandboxSession;
import dev.sandpod.operator.OperatorConfig;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;

import java.net.URI;
import java.util.Optional;

import static dev.sandpod.operator.session.SessionStatusBuilder.FALSE;
import static dev.sandpod.operator.session.SessionStatusBuilder.TRUE;
import static dev.sandpod.operator.session.SessionStatusBuilder.UNKNOWN;

/**
 * Observes a Kubernetes session's pod and agent into the status builder: scheduling, failures
 * with the agent's last log lines, and the agent probe at the pod IP once the pod is ready.
 */
final class PodSandbox {

    static final int LOG_LINES = 20;

    private final KubernetesClient client;
    private final AgentProbe probe;
    private final OperatorConfig config;

    PodSandbox(KubernetesClient client, AgentProbe probe, OperatorConfig config) {
        this.client = client;
        this.probe = probe;
        this.config = config;
    }

    /** Returns whether the agent is ready. */
    boolean observe(SandboxSession session, Optional<Pod> maybePod, String apiKey, SessionStatusBuilder status) {
        status.endpoint(SessionNames.endpoint(session)).podName(SessionNames.pod(session));
        if (maybePod.isEmpty()) {
            status.podScheduled(UNKNOWN, "PodCreating", "creating pod " + SessionNames.pod(session))
                    .agentReady(UNKNOWN, "PodCreating", "the pod does not exist yet");
            return false;
        }
        PodDiagnosis pod = PodDiagnosis.of(maybePod.get());
        status.podIP(pod.podIP()).podScheduled(pod.scheduledStatus(), pod.scheduledReason(), pod.scheduledMessage());
        if (pod.failure() != null) {
            String message = pod.failure().message() + logs(session, pod.failure());
            status.agentReady(FALSE, pod.failure().reason(), message).failed(pod.failure().reason(), message);
            return false;
        }
        if (!pod.ready() || pod.podIP() == null) {
            status.agentReady(FALSE, TRUE.equals(pod.scheduledStatus()) ? "ContainerStarting" : "PodNotScheduled",
                    TRUE.equals(pod.scheduledStatus()) ? "waiting for the pod to become ready" : pod.scheduledMessage());
            return false;
        }
        String host = config.agentProbeHost() != null ? config.agentProbeHost() : pod.podIP();
        int port = config.agentProbePort() != null ? config.agentProbePort() : OperatorConfig.AGENT_PORT;
        String literal = host.contains(":") ? "[" + host + "]" : host;
        AgentProbe.Result result = probe.probe(URI.create("http://" + literal + ":" + port), apiKey);
        status.agentReady(result.ready() ? TRUE : FALSE, result.reason(), result.message());
        Long built = AgentPodDependent.generation(maybePod.get());
        Long now = session.getMetadata().getGeneration();
        if (built != null && now != null && now > built) {
            // the pod is never replaced under a working agent (docs/operator.md): say how to apply the change
            status.specPending("spec generation " + now + " is not applied: pod " + SessionNames.pod(session) + " runs generation "
                    + built + "; to apply it, kubectl delete pod " + SessionNames.pod(session) + " -n "
                    + session.getMetadata().getNamespace() + " (the operator creates it again; its shell and emptyDir files are lost)");
        }
        return result.ready();
    }

    private String logs(SandboxSession session, PodDiagnosis.Failure failure) {
        if (failure.container() == null) {
            return "";
        }
        try {
            var pod = client.pods().inNamespace(session.getMetadata().getNamespace()).withName(SessionNames.pod(session))
                    .inContainer(failure.container());
            String log = (failure.previousLogs() ? pod.terminated() : pod).tailingLines(LOG_LINES).getLog();
            return log == null || log.isBlank() ? "; it wrote no log" : "; its last log lines:\n" + log.stripTrailing();
        } catch (KubernetesClientException e) {
            return "; its log is not available (" + e.getCode() + ")";
        }
    }
}
