package dev.sandpod.operator.session;

import dev.sandpod.api.session.SandboxSession;
import dev.sandpod.operator.runtime.SandboxRequest;
import dev.sandpod.operator.runtime.SandboxRuntime;
import dev.sandpod.operator.runtime.SandboxState;
import io.fabric8.kubernetes.api.model.EnvVar;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static dev.sandpod.operator.session.SessionStatusBuilder.FALSE;
import static dev.sandpod.operator.session.SessionStatusBuilder.TRUE;
import static dev.sandpod.operator.session.SessionStatusBuilder.UNKNOWN;

/**
 * Runs a session with a {@link SandboxRuntime} outside Kubernetes (docker, process) and observes
 * it into the status builder: ensure, then probe the endpoint the runtime reports.
 */
final class LocalSandbox {

    private final AgentProbe probe;

    LocalSandbox(AgentProbe probe) {
        this.probe = probe;
    }

    /** Returns whether the agent is ready. */
    boolean observe(SandboxSession session, ResolvedSpec spec, SandboxRuntime runtime, String apiKey,
                    SessionStatusBuilder status) {
        SandboxState state = runtime.ensure(request(session, spec, apiKey));
        status.containerId(state.containerId()).endpoint(state.endpoint());
        switch (state.phase()) {
            case FAILED -> {
                status.podScheduled(TRUE, "Created", "the " + runtime.name() + " sandbox was created")
                        .agentReady(FALSE, state.reason(), state.message())
                        .failed(state.reason(), state.message());
                return false;
            }
            case ABSENT -> {
                status.podScheduled(UNKNOWN, "Creating", "creating the " + runtime.name() + " sandbox")
                        .agentReady(UNKNOWN, "Creating", "the sandbox does not exist yet");
                return false;
            }
            default -> status.podScheduled(TRUE, "Started", "the " + runtime.name() + " sandbox runs"
                    + (state.containerId() == null ? "" : " as " + state.containerId()));
        }
        if (state.endpoint() == null) {
            status.agentReady(FALSE, "ContainerStarting", "waiting for the runtime to publish the agent's port");
            return false;
        }
        AgentProbe.Result result = probe.probe(URI.create(state.endpoint()), apiKey);
        status.agentReady(result.ready() ? TRUE : FALSE, result.reason(), result.message());
        return result.ready();
    }

    static SandboxRequest request(SandboxSession session, ResolvedSpec spec, String apiKey) {
        return new SandboxRequest(session.getMetadata().getNamespace(), session.getMetadata().getName(),
                session.getMetadata().getUid(), spec.image(), spec.imagePullPolicy(), spec.workingDir(), spec.userName(),
                spec.uid(), spec.root(), env(spec.env()), List.copyOf(spec.plugins()), spec.noChangeSeconds(), apiKey);
    }

    private static Map<String, String> env(List<EnvVar> env) {
        Map<String, String> values = new LinkedHashMap<>();
        // SessionSpecResolver rejected valueFrom for local runtimes
        env.forEach(e -> values.put(e.getName(), e.getValue() == null ? "" : e.getValue()));
        return values;
    }
}
