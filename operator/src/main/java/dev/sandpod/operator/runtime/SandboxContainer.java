package dev.sandpod.operator.runtime;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.CreateContainerCmd;
import com.github.dockerjava.api.model.Bind;
import com.github.dockerjava.api.model.Capability;
import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.PortBinding;
import com.github.dockerjava.api.model.Ports;
import com.github.dockerjava.api.model.Volume;
import java.util.List;
import java.util.Map;

/**
 * Builds the Docker container of one session, the way a dependent resource builds its object.
 *
 * <p>Security: the agent starts as the image's user (root in the Sandpod image) so it can create
 * the sandbox user and hand it the workspace, then runs the shell as that user. Docker's default
 * capabilities stay except those a coding sandbox never needs (raw sockets, device nodes, file
 * capabilities, chroot); kept are the ones useradd, chown, su/sudo and signalling the user's
 * processes need. {@code no-new-privileges} stops setuid binaries from raising a non-root shell
 * back to root, like {@code allowPrivilegeEscalation: false} on the pod; ask for root with
 * {@code user.root}. An init process reaps zombies and forwards SIGTERM, so a stop is quick.
 *
 * <p>Limits: {@code spec.resources} become the container's cgroup limits (memory without extra
 * swap, a CFS quota for CPU, a process limit, 4,096 unless the spec says), and the container joins
 * {@link SandboxNetwork}, where it cannot reach other sandboxes.
 */
final class SandboxContainer {

    static final ExposedPort AGENT_PORT = ExposedPort.tcp(AgentArguments.CONTAINER_PORT);
    static final String AGENT_EXECUTABLE = "/opt/sandpod/bin/sandpod-agent";
    static final String LOOPBACK = "127.0.0.1";
    private static final long NANOS_PER_MILLI_CPU = 1_000_000;
    private static final long SHARES_PER_CPU = 1024;
    private static final List<Capability> DROPPED = List.of(
            Capability.NET_RAW, Capability.MKNOD, Capability.SETFCAP, Capability.SYS_CHROOT);

    private SandboxContainer() {
    }

    /**
     * @param hostCpus the engine's CPU count: Docker refuses a CPU limit above it, and a limit of all
     *                 the host's CPUs is no limit, so a larger one is capped there
     */
    static CreateContainerCmd create(DockerClient docker, SandboxRequest request, Map<String, String> env, String network,
                                     int hostCpus) {
        String workingDir = AgentArguments.workingDir(request);
        List<String> args = AgentArguments.of(request, AgentArguments.CONTAINER_PORT, workingDir,
                AgentArguments.userName(request), AgentArguments.userId(request));
        HostConfig host = HostConfig.newHostConfig()
                // host port left to Docker: no race between sessions picking the same port
                .withPortBindings(new PortBinding(Ports.Binding.bindIp(LOOPBACK), AGENT_PORT))
                .withBinds(new Bind(SandboxNames.volumeName(request.namespace(), request.name()), new Volume(workingDir)))
                .withInit(true)
                .withSecurityOpts(List.of("no-new-privileges"))
                .withCapDrop(DROPPED.toArray(Capability[]::new))
                .withNetworkMode(network);
        limit(host, request.limits(), hostCpus);
        return docker.createContainerCmd(SandboxImages.imageOf(request))
                .withName(SandboxNames.containerName(request.namespace(), request.name()))
                .withHostName(hostName(request.name()))
                .withLabels(SandboxNames.labels(request))
                // the agent's path rather than the image's entrypoint, so any image carrying the agent works
                .withEntrypoint(AGENT_EXECUTABLE)
                .withCmd(args)
                .withEnv(env.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList())
                .withExposedPorts(AGENT_PORT)
                .withHostConfig(host);
    }

    private static void limit(HostConfig host, SandboxLimits limits, int hostCpus) {
        host.withPidsLimit(limits.pidsOrDefault());
        if (limits.memoryBytes() != null) {
            // swap equal to memory: the limit is what the sandbox gets, not doubled by swap
            host.withMemory(limits.memoryBytes()).withMemorySwap(limits.memoryBytes());
        }
        if (limits.memoryRequestBytes() != null) {
            host.withMemoryReservation(limits.memoryRequestBytes());
        }
        if (limits.milliCpus() != null) {
            host.withNanoCPUs(Math.min(limits.milliCpus(), hostCpus * 1000L) * NANOS_PER_MILLI_CPU);
        }
        if (limits.milliCpusRequested() != null) {
            host.withCpuShares((int) Math.max(2, limits.milliCpusRequested() * SHARES_PER_CPU / 1000));
        }
    }

    private static String hostName(String name) {
        String label = name.length() > 63 ? name.substring(0, 63) : name;
        return label.replaceAll("[.-]+$", "");
    }
}
