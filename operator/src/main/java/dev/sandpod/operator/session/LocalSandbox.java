package dev.sandpod.operator.session;

import dev.sandpod.api.session.SandboxSession;
import dev.sandpod.operator.runtime.SandboxRequest;
import dev.sandpod.operator.runtime.SandboxRuntime;
import dev.sandpod.operator.runtime.SandboxState;
import io.fabric8.kubernetes.api.model.EnvVar;

import dev.sandpod.api.session.SessionPhase;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static dev.sandpod.api.session.SessionCondition.AGENT_READY;
import static dev.sandpod.operator.session.SessionStatusBuilder.FALSE;
import static dev.sandpod.operator.session.SessionStatusBuilder.TRUE;
import static dev.sandpod.operator.session.SessionStatusBuilder.UNKNOWN;

/**
 * Runs a session with a {@link SandboxRuntime} outside Kubernetes (docker, process) and observes
 * it into the status builder: ensure, then probe the endpoint the runtime reports.
 */
final class LocalSandbox {

    private static final Duration WAIT = Duration.ofSeconds(2);
    private static final Duration POLL = Duration.ofMillis(25);
    private static final Duration WAIT_WHILE_STARTING_FOR = Duration.ofMinutes(1);
    /** Probe answers of an agent that is on its way up. */
    private static final Set<String> STARTING = Set.of("AgentNotAnswering", "AgentNotInitialized");

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
        if (!result.ready() && startingSinceLastStatus(session, state) && STARTING.contains(result.reason())) {
            result = awaitAgent(URI.create(state.endpoint()), apiKey, result);
        }
        status.agentReady(result.ready() ? TRUE : FALSE, result.reason(), result.message());
        return result.ready();
    }

    /**
     * Whether the last status already named this sandbox: the first reconcile writes Starting with the
     * container and endpoint at once, later ones may wait for the agent.
     */
    private static boolean startingSinceLastStatus(SandboxSession session, SandboxState state) {
        var before = session.getStatus();
        return before != null && before.getPhase() == SessionPhase.Starting && state.containerId() != null
                && state.containerId().equals(before.getContainerId()) && before.condition(AGENT_READY) != null
                && before.condition(AGENT_READY).getLastTransitionTime() != null
                && Duration.between(Instant.parse(before.condition(AGENT_READY).getLastTransitionTime()), Instant.now())
                .compareTo(WAIT_WHILE_STARTING_FOR) < 0;
    }

    /**
     * Probes every {@link #POLL} for up to {@link #WAIT}: nothing tells the operator when a local agent
     * starts answering, and a reconcile per probe (reschedule, ensure, status) lagged Ready by a few
     * hundred milliseconds behind {@code docker run}. Holds a reconcile thread for at most two seconds,
     * and only during a session's first minute of Starting, so a broken agent does not keep one busy.
     */
    private AgentProbe.Result awaitAgent(URI endpoint, String apiKey, AgentProbe.Result first) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        AgentProbe.Result result = first;
        while (!result.ready() && STARTING.contains(result.reason()) && System.nanoTime() < deadline) {
            try {
                Thread.sleep(POLL);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt(); // the operator is stopping
                return result;
            }
            result = probe.probe(endpoint, apiKey);
        }
        return result;
    }

    static SandboxRequest request(SandboxSession session, ResolvedSpec spec, String apiKey) {
        return new SandboxRequest(session.getMetadata().getNamespace(), session.getMetadata().getName(),
                session.getMetadata().getUid(), spec.image(), spec.imagePullPolicy(), spec.workingDir(), spec.userName(),
                spec.uid(), spec.root(), env(spec.env()), List.copyOf(spec.plugins()), spec.noChangeSeconds(), apiKey,
                SessionResources.forLocalSandbox(spec.resources()));
    }

    private static Map<String, String> env(List<EnvVar> env) {
        Map<String, String> values = new LinkedHashMap<>();
        // SessionSpecResolver rejected valueFrom for local runtimes
        env.forEach(e -> values.put(e.getName(), e.getValue() == null ? "" : e.getValue()));
        return values;
    }
}
