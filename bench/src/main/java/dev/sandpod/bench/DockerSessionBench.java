package dev.sandpod.bench;

import dev.sandpod.api.session.SandboxSession;
import dev.sandpod.api.session.SandboxSessionSpec;
import dev.sandpod.api.session.SessionPhase;
import dev.sandpod.api.session.SessionRuntime;
import dev.sandpod.operator.Runtimes;
import dev.sandpod.operator.runtime.DockerRuntime;
import dev.sandpod.operator.runtime.SandboxRequest;
import dev.sandpod.operator.runtime.SandboxState;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.javaoperatorsdk.operator.Operator;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static dev.sandpod.bench.Table.progress;

/**
 * Issue 3, Docker runtime: a SandboxSession created on the mock API server until it is
 * {@code Ready} and its agent answers {@code /alive} (the operator with the real DockerRuntime),
 * beside {@code docker run -d -p 127.0.0.1::47000} of the same image until its agent answers,
 * and beside {@link DockerRuntime#ensure} called directly (the same container without API server,
 * reconcile loop and status writes), interleaved (alternating the order), after one warm-up round.
 * Usage: {@code DockerSessionBench [rounds]} (default 10); prints a Markdown table.
 */
public final class DockerSessionBench {
    private static final String IMAGE = System.getProperty("sandpod.image", "sandpod/sandbox:dev");
    private static final String NAMESPACE = "bench-" + UUID.randomUUID().toString().substring(0, 6);
    private static final long TIMEOUT = TimeUnit.SECONDS.toNanos(60);

    private final MockApi api;
    private final Samples toReady = new Samples();
    private final Samples sessionStarted = new Samples();
    private final Samples dockerRun = new Samples();
    private final Samples runtimeAlone = new Samples();
    private final Samples ensureAlone = new Samples();
    private final DockerRuntime direct;

    private DockerSessionBench(MockApi api, DockerRuntime direct) {
        this.api = api;
        this.direct = direct;
    }

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        if (!Docker.imagePresent(IMAGE)) {
            System.err.println("image " + IMAGE + " is not present: build it with images/build.sh sandbox");
            System.exit(2);
        }
        Table table = new Table("operator, docker runtime");
        try (MockApi api = new MockApi(); Runtimes runtimes = new Runtimes(Map.of("docker", new DockerRuntime()));
             DockerRuntime direct = new DockerRuntime()) {
            Operator operator = api.startOperator(SessionRuntime.DOCKER, runtimes);
            try {
                DockerSessionBench bench = new DockerSessionBench(api, direct);
                progress("docker sessions: %d rounds (+1 warm-up) of a session and of docker run, interleaved", rounds);
                for (int i = 0; i <= rounds; i++) {
                    boolean counted = i > 0;
                    if (i % 2 == 0) {
                        bench.session(i, counted);
                        bench.dockerRun(counted);
                        bench.runtimeAlone(i, counted);
                    } else {
                        bench.runtimeAlone(i, counted);
                        bench.dockerRun(counted);
                        bench.session(i, counted);
                    }
                    progress("  round %d/%d", i, rounds);
                }
                table.row("session created → Ready and /alive 200, median", bench.toReady.medianMillis(),
                        bench.dockerRun.medianMillis(), "ms", "`docker run -d` → /alive 200");
                table.row("session created → Ready and /alive 200, max", bench.toReady.percentileMillis(100),
                        bench.dockerRun.percentileMillis(100), "ms", "`docker run -d` → /alive 200");
                table.row("session created → Ready and /alive 200, median", bench.toReady.medianMillis(),
                        bench.runtimeAlone.medianMillis(), "ms", "`DockerRuntime.ensure` alone → /alive 200");
                table.row("session created → status names the container, median", bench.sessionStarted.medianMillis(),
                        bench.ensureAlone.medianMillis(), "ms", "`DockerRuntime.ensure` returned");
                table.note("Mock API server (fabric8, CRUD mode) in the bench's JVM; operator with DockerRuntime; image "
                        + IMAGE + "; " + rounds + " rounds after 1 warm-up. Target: median difference within 300 ms.");
            } finally {
                operator.stop();
            }
        }
        table.print(System.out);
    }

    private void session(int round, boolean counted) throws Exception {
        String name = "s" + round;
        SandboxSession session = new SandboxSession();
        session.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(NAMESPACE).build());
        session.setSpec(new SandboxSessionSpec());
        long t0 = System.nanoTime();
        api.client.resource(session).create();
        long[] started = {0};
        // a watch, not polling: the bench must not take CPU from the operator it measures
        SandboxSession seen = api.client.resources(SandboxSession.class).inNamespace(NAMESPACE).withName(name)
                .waitUntilCondition(s -> {
                    var status = s == null ? null : s.getStatus();
                    if (started[0] == 0 && status != null && status.getContainerId() != null) {
                        started[0] = System.nanoTime();
                    }
                    if (status != null && status.getPhase() == SessionPhase.Failed) {
                        throw new IllegalStateException("session " + name + " failed: " + status.getMessage());
                    }
                    return status != null && status.getPhase() == SessionPhase.Ready;
                }, TIMEOUT, TimeUnit.NANOSECONDS);
        long alive = new AgentClient(URI.create(seen.getStatus().getEndpoint()), "").awaitAlive(t0 + TIMEOUT);
        if (counted) {
            toReady.add(alive - t0);
            sessionStarted.add((started[0] == 0 ? alive : started[0]) - t0);
        }
        api.client.resource(seen).delete();
        api.client.resources(SandboxSession.class).inNamespace(NAMESPACE).withName(name)
                .waitUntilCondition(java.util.Objects::isNull, 60, TimeUnit.SECONDS);
    }

    /** The same container through the runtime, without API server, reconcile loop or status. */
    private void runtimeAlone(int round, boolean counted) throws Exception {
        String key = UUID.randomUUID().toString();
        SandboxRequest request = new SandboxRequest(NAMESPACE + "-direct", "d" + round, UUID.randomUUID().toString(), null, null,
                "/workspace", "sandbox", 1000, false, Map.of(), List.of(), 10, key);
        long t0 = System.nanoTime();
        SandboxState state = direct.ensure(request);
        long ensured = System.nanoTime();
        try {
            if (state.endpoint() == null) {
                throw new IllegalStateException("the runtime reported no endpoint: " + state);
            }
            long alive = new AgentClient(URI.create(state.endpoint()), key).awaitAlive(t0 + TIMEOUT);
            if (counted) {
                runtimeAlone.add(alive - t0);
                ensureAlone.add(ensured - t0);
            }
        } finally {
            direct.delete(request.namespace(), request.name());
        }
    }

    private void dockerRun(boolean counted) throws Exception {
        String key = UUID.randomUUID().toString();
        long t0 = System.nanoTime();
        String id = Docker.require("run", "-d", "--init", "-p", "127.0.0.1::47000", "-e", "SESSION_API_KEY=" + key, IMAGE);
        try {
            String port = Docker.require("port", id, "47000/tcp");
            URI endpoint = URI.create("http://" + port.lines().findFirst().orElseThrow().trim());
            long alive = new AgentClient(endpoint, key).awaitAlive(t0 + TIMEOUT);
            if (counted) {
                dockerRun.add(alive - t0);
            }
        } finally {
            Docker.require("rm", "-f", id);
        }
    }
}
