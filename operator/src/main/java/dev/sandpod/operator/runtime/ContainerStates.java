package dev.sandpod.operator.runtime;

import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.model.Ports;
import java.util.Map;
import java.util.function.Supplier;

/** Reads a session's state from {@code docker inspect} of its container. */
final class ContainerStates {

    private ContainerStates() {
    }

    static SandboxState of(InspectContainerResponse container, Supplier<String> lastLogLines) {
        InspectContainerResponse.ContainerState state = container.getState();
        String id = container.getId();
        String name = container.getName() == null ? id : container.getName().replaceFirst("^/", "");
        String endpoint = endpoint(container);
        if (Boolean.TRUE.equals(state.getPaused())) {
            return new SandboxState(SandboxState.Phase.FAILED, endpoint, id, "ContainerPaused",
                    "Container " + name + " is paused; resume it with: docker unpause " + name);
        }
        if (Boolean.TRUE.equals(state.getRestarting()) || "created".equals(state.getStatus())) {
            return new SandboxState(SandboxState.Phase.STARTING, endpoint, id, null, null);
        }
        if (Boolean.TRUE.equals(state.getRunning())) {
            return new SandboxState(SandboxState.Phase.RUNNING, endpoint, id, null, null);
        }
        return AgentExit.failed("Container " + name, state.getExitCodeLong(),
                Boolean.TRUE.equals(state.getOOMKilled()), lastLogLines.get(), null, id);
    }

    /** http://127.0.0.1:PORT of the published agent port, or null while Docker has not bound it. */
    static String endpoint(InspectContainerResponse container) {
        if (container.getNetworkSettings() == null || container.getNetworkSettings().getPorts() == null) {
            return null;
        }
        Map<?, Ports.Binding[]> bindings = container.getNetworkSettings().getPorts().getBindings();
        Ports.Binding[] agent = bindings.get(SandboxContainer.AGENT_PORT);
        if (agent == null) {
            return null;
        }
        for (Ports.Binding binding : agent) {
            if (binding.getHostPortSpec() != null && !binding.getHostPortSpec().isEmpty()) {
                return "http://" + SandboxContainer.LOOPBACK + ":" + binding.getHostPortSpec();
            }
        }
        return null;
    }
}
