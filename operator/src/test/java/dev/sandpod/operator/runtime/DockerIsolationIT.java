package dev.sandpod.operator.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.model.ContainerNetwork;
import com.github.dockerjava.api.model.Network;
import com.github.dockerjava.api.model.Ports;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * What a Docker sandbox is held to, measured from inside it: the spec's memory, CPU and process
 * limits as the kernel's cgroup files show them, no traffic between two sandboxes on the Sandpod
 * network, and the agent's port published on the host's loopback only.
 */
@ExtendWith(RequiresDocker.class)
class DockerIsolationIT {

    private static final String NAMESPACE = "it-" + UUID.randomUUID().toString().substring(0, 8);
    private static final Duration AGENT_UP = Duration.ofSeconds(60);
    private static DockerClient docker;
    private static DockerRuntime runtime;

    private final List<String> sessions = new ArrayList<>();

    @BeforeAll
    static void buildFixture() throws Exception {
        RequiresDocker.check();
        docker = DockerConnection.open();
        RuntimeFixtureImage.build(docker);
        runtime = new DockerRuntime(docker);
    }

    @AfterEach
    void deleteSessions() {
        sessions.forEach(name -> runtime.delete(NAMESPACE, name));
    }

    @AfterAll
    static void sweep() throws Exception {
        if (docker == null) {
            return;
        }
        RuntimeFixtureImage.sweep(docker, NAMESPACE);
        runtime.close();
        docker.close();
    }

    @Test
    void specResourcesAreTheContainersCgroupLimits() throws Exception {
        // limits.memory 256Mi, limits.cpu 500m, limits.pids 200, requests.cpu 250m, requests.memory 128Mi
        SandboxLimits limits = new SandboxLimits(256L << 20, 128L << 20, 500L, 250L, 200L);
        SandboxState state = runtime.ensure(request(session(), limits));
        Http.awaitOk(state.endpoint() + "/alive", AGENT_UP);

        Map<String, String> cgroup = cgroupLimits(state.containerId());
        assertEquals(String.valueOf(256L << 20), cgroup.get("memory"), cgroup::toString);
        assertEquals(String.valueOf(128L << 20), cgroup.get("memory-soft"), cgroup::toString);
        assertEquals("200", cgroup.get("pids"), cgroup::toString);
        // half a CPU: a quota of half the period
        assertEquals(Long.parseLong(cgroup.get("cpu-period")) / 2, Long.parseLong(cgroup.get("cpu-quota")), cgroup::toString);
        if (cgroup.containsKey("cpu-shares")) { // cgroup v1; v2 has a weight Docker derives from the shares
            assertEquals("256", cgroup.get("cpu-shares"), cgroup::toString);
        }
        if (cgroup.containsKey("memory+swap")) {
            assertEquals(String.valueOf(256L << 20), cgroup.get("memory+swap"), "no swap beyond the limit: " + cgroup);
        }
    }

    @Test
    void aCpuLimitAboveTheHostsCpusIsCappedAtThem() throws Exception {
        int cpus = docker.infoCmd().exec().getNCPU();
        SandboxState state = runtime.ensure(request(session(), new SandboxLimits(null, null, (cpus + 2) * 1000L, null, null)));
        assertNotNull(state.containerId(), "Docker refuses a CPU limit above the host's; the runtime caps it: " + state);
        assertEquals(cpus * 1_000_000_000L, docker.inspectContainerCmd(state.containerId()).exec().getHostConfig().getNanoCPUs());
    }

    @Test
    void withoutResourcesOnlyTheProcessLimitApplies() throws Exception {
        SandboxState state = runtime.ensure(request(session(), SandboxLimits.NONE));
        Http.awaitOk(state.endpoint() + "/alive", AGENT_UP);
        Map<String, String> cgroup = cgroupLimits(state.containerId());
        assertEquals(String.valueOf(SandboxLimits.DEFAULT_PIDS), cgroup.get("pids"), cgroup::toString);
        assertEquals("-1", cgroup.get("cpu-quota"), cgroup::toString);
    }

    @Test
    void aProcessBeyondThePidsLimitCannotStart() throws Exception {
        SandboxState state = runtime.ensure(request(session(), new SandboxLimits(null, null, null, null, 20L)));
        Http.awaitOk(state.endpoint() + "/alive", AGENT_UP);
        // 40 sleeping children of one shell: the kernel refuses forks past pids.max
        ContainerExec.Result forks = ContainerExec.sh(docker, state.containerId(),
                "for i in $(seq 1 40); do sleep 30 & done; kill $(jobs -p) 2>/dev/null; true");
        assertTrue(forks.output().toLowerCase(java.util.Locale.ROOT).contains("fork"),
                "forks past pids.max should fail: " + forks.output());
    }

    @Test
    void sandboxesJoinTheIsolatedNetworkAndCannotReachEachOther() throws Exception {
        SandboxState a = runtime.ensure(request(session(), SandboxLimits.NONE));
        SandboxState b = runtime.ensure(request(session(), SandboxLimits.NONE));
        Http.awaitOk(a.endpoint() + "/alive", AGENT_UP);
        Http.awaitOk(b.endpoint() + "/alive", AGENT_UP);

        Network network = docker.inspectNetworkCmd().withNetworkId(SandboxNetwork.DEFAULT_NAME).exec();
        assertEquals("false", network.getOptions().get(SandboxNetwork.ICC_OPTION), network.getOptions()::toString);
        assertEquals("bridge", network.getDriver());
        String ipA = onlyNetworkAddress(docker.inspectContainerCmd(a.containerId()).exec());
        String ipB = onlyNetworkAddress(docker.inspectContainerCmd(b.containerId()).exec());

        // the control: inside A, A's own agent answers at A's address, so the tool and the server work
        ContainerExec.Result own = ContainerExec.sh(docker, a.containerId(), httpGet(ipA, "/alive"));
        assertEquals(0, own.exitCode(), own.output());
        assertTrue(own.output().contains("ok"), own.output());
        // A cannot open B's agent port: Docker drops traffic from the bridge back into it
        ContainerExec.Result other = ContainerExec.sh(docker, a.containerId(), httpGet(ipB, "/alive"));
        assertNotEquals(0, other.exitCode(), "sandbox A reached sandbox B's agent at " + ipB + ": " + other.output());
        // while the host still reaches B's agent through its loopback port
        assertTrue(Http.get(b.endpoint() + "/alive").body().contains("ok"));
    }

    @Test
    void theAgentPortIsPublishedOnTheHostsLoopbackOnly() throws Exception {
        SandboxState state = runtime.ensure(request(session(), SandboxLimits.NONE));
        InspectContainerResponse container = docker.inspectContainerCmd(state.containerId()).exec();
        Map<?, Ports.Binding[]> bindings = container.getNetworkSettings().getPorts().getBindings();
        assertEquals(1, bindings.size(), bindings::toString);
        for (Ports.Binding binding : bindings.get(SandboxContainer.AGENT_PORT)) {
            assertEquals("127.0.0.1", binding.getHostIp(), "published beyond loopback: " + bindings);
        }
    }

    @Test
    void aNetworkOfThatNameWithoutIsolationIsRefused() {
        String open = "sandpod-it-open-" + UUID.randomUUID().toString().substring(0, 6);
        docker.createNetworkCmd().withName(open).withDriver("bridge").exec();
        try (DockerRuntime onOpenNetwork = new DockerRuntime(docker, open)) {
            String name = session();
            SandboxState state = onOpenNetwork.ensure(request(name, SandboxLimits.NONE));
            assertEquals(SandboxState.Phase.FAILED, state.phase(), state::toString);
            assertEquals("NetworkNotIsolated", state.reason());
            assertTrue(state.message().contains("docker network rm " + open), state.message());
            assertTrue(docker.listContainersCmd().withShowAll(true).withLabelFilter(
                    Map.of(SandboxNames.NAMESPACE_LABEL, NAMESPACE, SandboxNames.NAME_LABEL, name)).exec().isEmpty());
        } finally {
            docker.removeNetworkCmd(open).exec();
        }
    }

    @Test
    void aMissingNetworkIsCreatedIsolated() {
        String fresh = "sandpod-it-new-" + UUID.randomUUID().toString().substring(0, 6);
        try (DockerRuntime onFreshNetwork = new DockerRuntime(docker, fresh)) {
            SandboxState state = onFreshNetwork.ensure(request(session(), SandboxLimits.NONE));
            assertNotNull(state.containerId(), state::toString);
            Network network = docker.inspectNetworkCmd().withNetworkId(fresh).exec();
            assertEquals("false", network.getOptions().get(SandboxNetwork.ICC_OPTION));
            assertEquals("sandpod", network.getLabels().get(SandboxNames.MANAGED_BY_LABEL));
            onFreshNetwork.delete(NAMESPACE, sessions.getLast());
        } finally {
            docker.removeNetworkCmd(fresh).exec();
        }
    }

    /** A GET of the agent port with bash's /dev/tcp, given 5 s to connect. */
    private static String httpGet(String ip, String path) {
        return "timeout 5 bash -c 'exec 3<>/dev/tcp/" + ip + "/47000 && printf \"GET " + path
                + " HTTP/1.0\\r\\n\\r\\n\" >&3 && cat <&3'";
    }

    private static String onlyNetworkAddress(InspectContainerResponse container) {
        Map<String, ContainerNetwork> networks = container.getNetworkSettings().getNetworks();
        assertEquals(List.of(SandboxNetwork.DEFAULT_NAME), List.copyOf(networks.keySet()), "on the Sandpod network only");
        return networks.get(SandboxNetwork.DEFAULT_NAME).getIpAddress();
    }

    /** The limits the kernel applies to the container, read inside it (cgroup v1, else v2). */
    private static Map<String, String> cgroupLimits(String containerId) throws InterruptedException {
        String script = """
                c=/sys/fs/cgroup
                if [ -f $c/memory/memory.limit_in_bytes ]; then
                  echo memory=$(cat $c/memory/memory.limit_in_bytes)
                  echo memory-soft=$(cat $c/memory/memory.soft_limit_in_bytes)
                  [ -f $c/memory/memory.memsw.limit_in_bytes ] && echo memory+swap=$(cat $c/memory/memory.memsw.limit_in_bytes)
                  cpu=$c/cpu; [ -d $cpu ] || cpu=$c/cpu,cpuacct
                  echo cpu-quota=$(cat $cpu/cpu.cfs_quota_us)
                  echo cpu-period=$(cat $cpu/cpu.cfs_period_us)
                  echo cpu-shares=$(cat $cpu/cpu.shares)
                  echo pids=$(cat $c/pids/pids.max)
                else
                  echo memory=$(cat $c/memory.max)
                  echo memory-soft=$(cat $c/memory.low)
                  set -- $(cat $c/cpu.max); [ "$1" = max ] && echo cpu-quota=-1 || echo cpu-quota=$1; echo cpu-period=$2
                  echo cpu-weight=$(cat $c/cpu.weight)
                  echo pids=$(cat $c/pids.max)
                fi
                """;
        ContainerExec.Result result = ContainerExec.sh(docker, containerId, script);
        assertEquals(0, result.exitCode(), result.output());
        Map<String, String> limits = new HashMap<>();
        result.output().lines().filter(l -> l.contains("=")).forEach(l -> limits.put(l.substring(0, l.indexOf('=')),
                l.substring(l.indexOf('=') + 1).strip()));
        return limits;
    }

    private String session() {
        String name = "iso" + (sessions.size() + 1) + "-" + UUID.randomUUID().toString().substring(0, 6);
        sessions.add(name);
        return name;
    }

    private static SandboxRequest request(String name, SandboxLimits limits) {
        return new SandboxRequest(NAMESPACE, name, "uid-" + name, RuntimeFixtureImage.TAG, "Never", null, null, 0, false,
                Map.of(), List.of(), 7, "key-" + name, limits);
    }
}
