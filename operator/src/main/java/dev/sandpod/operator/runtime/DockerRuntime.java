package dev.sandpod.operator.runtime;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.exception.ConflictException;
import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.exception.NotModifiedException;
import com.github.dockerjava.api.model.Container;
import java.io.IOException;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs each session as a Docker container (see {@link SandboxContainer} for what it looks like).
 * The container is found by its labels, so an operator restart adopts it; its name is derived
 * from namespace and name, so Docker itself refuses a second one when two callers race, and the
 * loser of the race adopts the winner's container.
 */
public final class DockerRuntime implements SandboxRuntime {

    private static final Logger LOG = LoggerFactory.getLogger(DockerRuntime.class);
    private static final int STOP_SECONDS = 3;
    private static final int CONFLICT_ATTEMPTS = 100;

    private final DockerClient docker;
    private final boolean ownsClient;
    private final SandboxImages images;
    private final ContainerLogs logs;
    private final SandboxNetwork network;
    private volatile int hostCpus;

    /** A runtime on the engine named by {@code DOCKER_HOST}, else the local socket. */
    public DockerRuntime() {
        this(DockerConnection.open(), true, SandboxNetwork.DEFAULT_NAME);
    }

    /** A runtime on the given client, which the caller closes. */
    public DockerRuntime(DockerClient docker) {
        this(docker, false, SandboxNetwork.DEFAULT_NAME);
    }

    /** A runtime on the given client whose sandboxes join the isolated network {@code network} (tests use their own). */
    public DockerRuntime(DockerClient docker, String network) {
        this(docker, false, network);
    }

    private DockerRuntime(DockerClient docker, boolean ownsClient, String network) {
        this.docker = docker;
        this.ownsClient = ownsClient;
        this.images = new SandboxImages(docker, Duration.ofMinutes(10));
        this.logs = new ContainerLogs(docker);
        this.network = new SandboxNetwork(docker, network);
    }

    /** Whether a Docker engine answers within a few seconds; for choosing the runtime. */
    public static boolean isReachable() {
        return DockerConnection.isReachable(Duration.ofSeconds(3));
    }

    @Override
    public String name() {
        return "docker";
    }

    @Override
    public SandboxState ensure(SandboxRequest request) {
        SandboxNames.validate(request.namespace(), request.name());
        Map<String, String> env;
        try {
            env = SandboxEnvironment.of(request);
            // the container is the sandbox: the agent may create the user the spec names (never on a host). An
            // environment variable rather than --create-user, so an agent older than the flag still starts
            env.putIfAbsent(SandboxEnvironment.CREATE_USER_VARIABLE, "true");
        } catch (IllegalArgumentException e) {
            return SandboxState.failed("InvalidEnv", e.getMessage());
        }
        try {
            return ensureContainer(request, env);
        } catch (RuntimeException e) {
            return unreachableOrThrow(e);
        }
    }

    private SandboxState ensureContainer(SandboxRequest request, Map<String, String> env) {
        String uid = Objects.requireNonNullElse(request.uid(), "");
        Optional<Container> existing = find(request.namespace(), request.name());
        if (existing.isPresent()) {
            Container container = existing.get();
            if (uid.equals(container.getLabels().get(SandboxNames.UID_LABEL))) {
                return adopt(container.getId());
            }
            // a session of the same name that was deleted without its finalizer: its sandbox is garbage
            LOG.info("Replacing container {} left by an earlier session {}/{} (uid {})", container.getId(),
                    request.namespace(), request.name(), container.getLabels().get(SandboxNames.UID_LABEL));
            delete(request.namespace(), request.name());
        }
        SandboxState imageProblem = images.ensurePresent(SandboxImages.imageOf(request), request.imagePullPolicy());
        if (imageProblem != null) {
            return imageProblem;
        }
        SandboxState networkProblem = network.ensure();
        if (networkProblem != null) {
            return networkProblem;
        }
        // creating an existing volume returns it, so racing callers share one
        docker.createVolumeCmd().withName(SandboxNames.volumeName(request.namespace(), request.name()))
                .withLabels(SandboxNames.labels(request)).exec();
        return createOrAdopt(request, env);
    }

    private SandboxState createOrAdopt(SandboxRequest request, Map<String, String> env) {
        for (int attempt = 1; ; attempt++) {
            try {
                String id = SandboxContainer.create(docker, request, env, network.name(), hostCpus()).exec().getId();
                LOG.info("Created container {} for session {}/{}", id, request.namespace(), request.name());
                return adopt(id);
            } catch (ConflictException e) {
                try {
                    return adoptByName(request);
                } catch (NotFoundException notYet) {
                    // Docker reserves the name before the racing container is visible (or the racer's create
                    // failed and released it): look again shortly, or create it ourselves
                    if (attempt == CONFLICT_ATTEMPTS) {
                        throw new IllegalStateException("Container name " + SandboxNames.containerName(
                                request.namespace(), request.name()) + " stays reserved but no container shows up", e);
                    }
                    sleep(Duration.ofMillis(100));
                }
            }
        }
    }

    private int hostCpus() {
        if (hostCpus == 0) {
            Integer reported = docker.infoCmd().exec().getNCPU();
            hostCpus = reported == null || reported < 1 ? Runtime.getRuntime().availableProcessors() : reported;
        }
        return hostCpus;
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for a racing container", e);
        }
    }

    private SandboxState adoptByName(SandboxRequest request) {
        String containerName = SandboxNames.containerName(request.namespace(), request.name());
        InspectContainerResponse container = docker.inspectContainerCmd(containerName).exec();
        Map<String, String> labels = container.getConfig().getLabels();
        if (labels == null || !SandboxNames.selector(request.namespace(), request.name()).entrySet()
                .stream().allMatch(label -> label.getValue().equals(labels.get(label.getKey())))) {
            return SandboxState.failed("NameInUse", "A container named " + containerName
                    + " exists that Sandpod does not manage; remove it (docker rm -f " + containerName
                    + ") or rename the session.");
        }
        return adopt(container.getId());
    }

    /** The state of an existing container, started first if it was created but never started. */
    private SandboxState adopt(String id) {
        InspectContainerResponse container = docker.inspectContainerCmd(id).exec();
        if ("created".equals(container.getState().getStatus())) {
            try {
                docker.startContainerCmd(id).exec();
            } catch (NotModifiedException e) {
                // a racing ensure started it first
            } catch (DockerException e) {
                return new SandboxState(SandboxState.Phase.FAILED, null, id, "ContainerStartFailed",
                        "Docker could not start container " + container.getName().replaceFirst("^/", "")
                                + ": " + DockerConnection.message(e));
            }
            container = docker.inspectContainerCmd(id).exec();
        }
        return ContainerStates.of(container, () -> logs.lastLines(id, AgentExit.LOG_LINES));
    }

    @Override
    public SandboxState inspect(String namespace, String name) {
        SandboxNames.validate(namespace, name);
        try {
            Optional<Container> container = find(namespace, name);
            if (container.isEmpty()) {
                return SandboxState.absent();
            }
            String id = container.get().getId();
            return ContainerStates.of(docker.inspectContainerCmd(id).exec(),
                    () -> logs.lastLines(id, AgentExit.LOG_LINES));
        } catch (NotFoundException e) {
            return SandboxState.absent(); // removed between list and inspect
        } catch (RuntimeException e) {
            return unreachableOrThrow(e);
        }
    }

    @Override
    public void delete(String namespace, String name) {
        SandboxNames.validate(namespace, name);
        for (Container container : list(namespace, name)) {
            try {
                docker.stopContainerCmd(container.getId()).withTimeout(STOP_SECONDS).exec();
            } catch (NotModifiedException | NotFoundException e) {
                // already stopped or gone
            }
            try {
                docker.removeContainerCmd(container.getId()).withForce(true).withRemoveVolumes(true).exec();
                LOG.info("Removed container {} of session {}/{}", container.getId(), namespace, name);
            } catch (NotFoundException e) {
                // removed by a racing delete
            }
        }
        String volume = SandboxNames.volumeName(namespace, name);
        try {
            docker.removeVolumeCmd(volume).exec();
        } catch (NotFoundException e) {
            // never created, or already removed
        } catch (ConflictException e) {
            throw new IllegalStateException("Workspace volume " + volume + " of session " + namespace + "/" + name
                    + " is still used by a container; remove that container (docker ps -a --filter volume="
                    + volume + ") and delete again", e);
        }
    }

    @Override
    public String logs(String namespace, String name, int lines) {
        SandboxNames.validate(namespace, name);
        return find(namespace, name).map(container -> logs.lastLines(container.getId(), lines)).orElse("");
    }

    private Optional<Container> find(String namespace, String name) {
        String expected = "/" + SandboxNames.containerName(namespace, name);
        // the container with the derived name first; a foreign one carrying our labels only as a fallback
        return list(namespace, name).stream()
                .min(Comparator.comparing(c -> c.getNames() == null || !List.of(c.getNames()).contains(expected)));
    }

    private List<Container> list(String namespace, String name) {
        return docker.listContainersCmd().withShowAll(true)
                .withLabelFilter(SandboxNames.selector(namespace, name)).exec();
    }

    private static SandboxState unreachableOrThrow(RuntimeException e) {
        if (!DockerConnection.isConnectionFailure(e)) {
            throw e;
        }
        return SandboxState.failed("DockerUnavailable", "The Docker engine at " + DockerConnection.host()
                + " is not reachable (" + e.getMessage() + "); start dockerd or set DOCKER_HOST.");
    }

    @Override
    public void close() {
        if (ownsClient) {
            try {
                docker.close();
            } catch (IOException e) {
                LOG.debug("Closing the Docker client failed", e);
            }
        }
    }
}
