package dev.sandpod.operator.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.Ports;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(RequiresDocker.class)
class DockerRuntimeIT {

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
        runtime = new DockerRuntime();
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
    void createsLabelledContainerOnLoopbackWithWorkspaceVolume() throws Exception {
        SandboxRequest request = request(session(), "uid-1", RuntimeFixtureImage.TAG, "Never", Map.of());
        SandboxState state = runtime.ensure(request);

        assertTrue(Set.of(SandboxState.Phase.STARTING, SandboxState.Phase.RUNNING).contains(state.phase()), state::toString);
        assertTrue(state.endpoint().matches("http://127\\.0\\.0\\.1:\\d+"), state.endpoint());
        assertEquals("{\"status\":\"ok\"}", Http.awaitOk(state.endpoint() + "/alive", AGENT_UP).strip());

        InspectContainerResponse container = docker.inspectContainerCmd(state.containerId()).exec();
        assertEquals("/sandpod-" + NAMESPACE + "_" + request.name(), container.getName());
        assertEquals(Map.of("app.kubernetes.io/managed-by", "sandpod", "sandpod.dev/namespace", NAMESPACE,
                "sandpod.dev/name", request.name(), "sandpod.dev/uid", "uid-1"), container.getConfig().getLabels());
        Ports.Binding[] bindings = container.getNetworkSettings().getPorts().getBindings().get(SandboxContainer.AGENT_PORT);
        assertEquals(1, bindings.length);
        assertEquals("127.0.0.1", bindings[0].getHostIp());
        assertEquals(state.endpoint(), "http://127.0.0.1:" + bindings[0].getHostPortSpec());
        assertTrue(container.getHostConfig().getInit());
        assertTrue(List.of(container.getConfig().getEnv()).contains("SANDPOD_CREATE_USER=true"),
                "the container is the sandbox: the agent may create its user there");
        assertEquals(List.of("no-new-privileges"), container.getHostConfig().getSecurityOpts());
        assertTrue(container.getMounts().stream().anyMatch(m -> "local".equals(m.getDriver())
                && SandboxNames.volumeName(NAMESPACE, request.name()).equals(m.getName())
                && "/workspace".equals(m.getDestination().getPath())), () -> container.getMounts().toString());

        String endpoint = state.endpoint();
        assertEquals("--port 47000 --working-dir /workspace --username sandbox --user-id 1000 "
                + "--no-change-timeout 7 --plugins agent_skills", Http.get(endpoint + "/args").body().strip());
        assertEquals(sha256("key-" + request.name()), Http.get(endpoint + "/key-sha256").body().strip());
        assertEquals("hello", Http.get(endpoint + "/greeting").body().strip());
        assertEquals("writable", Http.get(endpoint + "/workdir").body().strip());
        Map<String, String> status = Http.get(endpoint + "/status").body().lines()
                .map(line -> line.split(":\\s*")).collect(Collectors.toMap(kv -> kv[0], kv -> kv[1]));
        assertEquals("1", status.get("NoNewPrivs"));
        BigInteger caps = new BigInteger(status.get("CapBnd"), 16);
        for (int dropped : new int[] {13 /* NET_RAW */, 27 /* MKNOD */, 18 /* SYS_CHROOT */, 31 /* SETFCAP */}) {
            assertFalse(caps.testBit(dropped), "capability " + dropped + " should be dropped: " + status);
        }
        for (int kept : new int[] {0 /* CHOWN */, 1 /* DAC_OVERRIDE */, 3 /* FOWNER */, 5 /* KILL */, 6, 7 /* SETGID, SETUID */}) {
            assertTrue(caps.testBit(kept), "capability " + kept + " should be kept: " + status);
        }

        SandboxState again = runtime.ensure(request);
        assertEquals(state.containerId(), again.containerId());
        assertEquals(SandboxState.Phase.RUNNING, again.phase());
        assertEquals(endpoint, again.endpoint());
        assertEquals(1, containersOf(request.name()).size());
        assertEquals(again, runtime.inspect(NAMESPACE, request.name()));
        assertTrue(runtime.logs(NAMESPACE, request.name(), 10).contains("fixture agent: port=47000 working-dir=/workspace"));
    }

    @Test
    void anotherRuntimeInstanceAdoptsTheContainer() throws Exception {
        SandboxRequest request = request(session(), "uid-2", RuntimeFixtureImage.TAG, "Never", Map.of());
        SandboxState first = runtime.ensure(request);
        Http.awaitOk(first.endpoint() + "/alive", AGENT_UP);

        try (DockerRuntime restarted = new DockerRuntime()) {
            assertEquals(first.containerId(), restarted.inspect(NAMESPACE, request.name()).containerId());
            SandboxState adopted = restarted.ensure(request);
            assertEquals(first.containerId(), adopted.containerId());
            assertEquals(first.endpoint(), adopted.endpoint());
            assertEquals(SandboxState.Phase.RUNNING, adopted.phase());
        }
        assertEquals(1, containersOf(request.name()).size());
    }

    @Test
    void concurrentEnsureCallsMakeOneContainer() throws Exception {
        SandboxRequest request = request(session(), "uid-3", RuntimeFixtureImage.TAG, "Never", Map.of());
        try (DockerRuntime other = new DockerRuntime(); ExecutorService pool = Executors.newFixedThreadPool(4)) {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<SandboxState>> results = new ArrayList<>();
            for (DockerRuntime r : List.of(runtime, other, runtime, other)) {
                results.add(pool.submit(() -> {
                    go.await();
                    return r.ensure(request);
                }));
            }
            go.countDown();
            Set<String> ids = new java.util.HashSet<>();
            for (Future<SandboxState> result : results) {
                SandboxState state = result.get();
                assertNotNull(state.containerId(), state::toString);
                assertTrue(state.phase() == SandboxState.Phase.RUNNING || state.phase() == SandboxState.Phase.STARTING,
                        state::toString);
                ids.add(state.containerId());
            }
            assertEquals(1, ids.size(), ids::toString);
        }
        assertEquals(1, containersOf(request.name()).size());
        Http.awaitOk(runtime.inspect(NAMESPACE, request.name()).endpoint() + "/alive", AGENT_UP);
    }

    @Test
    void agentThatExitsIsFailedWithExitCodeAndLastLines() throws Exception {
        SandboxRequest request = request(session(), "uid-4", RuntimeFixtureImage.TAG, "Never", Map.of("FIXTURE_EXIT", "3"));
        String id = runtime.ensure(request).containerId();
        Http.await(() -> runtime.inspect(NAMESPACE, request.name()).phase() == SandboxState.Phase.FAILED, AGENT_UP,
                () -> "never FAILED: " + runtime.inspect(NAMESPACE, request.name()));

        SandboxState failed = runtime.inspect(NAMESPACE, request.name());
        assertEquals("AgentExited", failed.reason());
        assertEquals(id, failed.containerId());
        assertTrue(failed.message().contains("exited with code 3"), failed.message());
        assertTrue(failed.message().contains("log line 12") && failed.message().contains("log line 30"), failed.message());
        assertTrue(failed.message().contains("fatal: told to exit with 3"), failed.message());
        assertFalse(failed.message().contains("log line 11"), "only the last 20 lines: " + failed.message());

        SandboxState again = runtime.ensure(request);
        assertEquals(SandboxState.Phase.FAILED, again.phase(), "a crashed agent is reported, not restarted");
        assertEquals(id, again.containerId());
        assertFalse(docker.inspectContainerCmd(id).exec().getState().getRunning());
    }

    @Test
    void missingImageIsReportedWithHowToBuildIt() {
        String image = "sandpod/no-such-image:test";
        for (String policy : new String[] {"Never", "IfNotPresent"}) {
            SandboxRequest request = request(session(), "uid-5", image, policy, Map.of());
            SandboxState state = runtime.ensure(request);
            assertEquals(SandboxState.Phase.FAILED, state.phase(), state::toString);
            assertEquals("ImageNotFound", state.reason());
            assertTrue(state.message().contains(image) && state.message().contains("images/build.sh"), state.message());
            assertTrue(containersOf(request.name()).isEmpty());
        }
        // the fixture exists only locally: Always must try the pull, fail, and say how to use the local copy
        SandboxState always = runtime.ensure(request(session(), "uid-5", RuntimeFixtureImage.TAG, "Always", Map.of()));
        assertEquals("ImagePullFailed", always.reason(), always::toString);
        assertTrue(always.message().contains(RuntimeFixtureImage.TAG) && always.message().contains("IfNotPresent"),
                always.message());
        SandboxState invalid = runtime.ensure(request(session(), "uid-5", image, "Sometimes", Map.of()));
        assertEquals("InvalidImagePullPolicy", invalid.reason());
    }

    @Test
    void deleteRemovesContainerAndVolumeAndIsIdempotent() throws Exception {
        SandboxRequest request = request(session(), "uid-6", RuntimeFixtureImage.TAG, "Never", Map.of());
        SandboxState state = runtime.ensure(request);
        Http.awaitOk(state.endpoint() + "/alive", AGENT_UP);
        String volume = SandboxNames.volumeName(NAMESPACE, request.name());
        docker.inspectVolumeCmd(volume).exec();

        runtime.delete(NAMESPACE, request.name());
        assertTrue(containersOf(request.name()).isEmpty());
        assertVolumeGone(volume);
        assertEquals(SandboxState.absent(), runtime.inspect(NAMESPACE, request.name()));
        assertEquals("", runtime.logs(NAMESPACE, request.name(), 20));
        runtime.delete(NAMESPACE, request.name());
    }

    @Test
    void containerOfAnEarlierSessionWithTheSameNameIsReplaced() throws Exception {
        String name = session();
        SandboxState old = runtime.ensure(request(name, "uid-old", RuntimeFixtureImage.TAG, "Never", Map.of()));
        SandboxState current = runtime.ensure(request(name, "uid-new", RuntimeFixtureImage.TAG, "Never", Map.of()));
        assertFalse(old.containerId().equals(current.containerId()));
        List<Container> containers = containersOf(name);
        assertEquals(1, containers.size());
        assertEquals("uid-new", containers.get(0).getLabels().get(SandboxNames.UID_LABEL));
    }

    @Test
    void foreignContainerHoldingTheNameIsReported() {
        String name = session();
        String containerName = SandboxNames.containerName(NAMESPACE, name);
        String foreign = docker.createContainerCmd(RuntimeFixtureImage.TAG).withName(containerName)
                .withLabels(Map.of(SandboxNames.NAMESPACE_LABEL, NAMESPACE)).withEntrypoint("true").exec().getId();
        SandboxState state = runtime.ensure(request(name, "uid-7", RuntimeFixtureImage.TAG, "Never", Map.of()));
        assertEquals("NameInUse", state.reason(), state::toString);
        assertTrue(state.message().contains("docker rm -f " + containerName), state.message());
        docker.removeContainerCmd(foreign).withForce(true).exec();
    }

    private String session() {
        String name = "s" + (sessions.size() + 1) + "-" + UUID.randomUUID().toString().substring(0, 6);
        sessions.add(name);
        return name;
    }

    private static SandboxRequest request(String name, String uid, String image, String policy, Map<String, String> env) {
        Map<String, String> all = new java.util.HashMap<>(env);
        all.put("FIXTURE_GREETING", "hello");
        all.put("SESSION_API_KEY", "a spec cannot override the key");
        return new SandboxRequest(NAMESPACE, name, uid, image, policy, null, null, 0, false, all,
                List.of("agent_skills"), 7, "key-" + name);
    }

    private List<Container> containersOf(String name) {
        return docker.listContainersCmd().withShowAll(true)
                .withLabelFilter(Map.of(SandboxNames.NAMESPACE_LABEL, NAMESPACE, SandboxNames.NAME_LABEL, name)).exec();
    }

    private static void assertVolumeGone(String volume) {
        try {
            docker.inspectVolumeCmd(volume).exec();
            throw new AssertionError("volume " + volume + " still exists");
        } catch (NotFoundException expected) {
            // gone
        }
    }

    private static String sha256(String text) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    }
}
