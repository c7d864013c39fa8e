package dev.sandpod.bench;

import dev.sandpod.api.session.SandboxSession;
import dev.sandpod.api.session.SessionCondition;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.LocalPortForward;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.utils.Serialization;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import static dev.sandpod.bench.Table.progress;

/**
 * The operator on a real cluster (issue 7), with the operator installed by the chart
 * (bench/run-cluster.sh does that) and the cluster named by SANDPOD_CLUSTER_KUBECONFIG:
 * <ol>
 *   <li>a session created → Ready, beside a bare pod of the same pod spec (image, command, probe;
 *       copied from a session's pod) created → Ready, interleaved, one warm-up each;</li>
 *   <li>50 sessions created at once until all are Ready, with the operator's CPU time and heap
 *       (its /metrics, through a port-forward);</li>
 *   <li>the operator's pod deleted: until its replacement runs, and until it has reconciled a
 *       session created while no operator ran.</li>
 * </ol>
 * Usage: {@code ClusterBench [rounds] [burst]} (default 20 and 50); prints Markdown tables.
 */
public final class ClusterBench {

    private static final String NAMESPACE = "sandpod-bench";
    private static final String OPERATOR_NAMESPACE = System.getProperty("sandpod.operator.namespace", "sandpod-system");
    private static final long TIMEOUT = TimeUnit.MINUTES.toNanos(10);
    /** A single session or pod of the rounds: minutes past any start seen here means it never will be. */
    private static final long ROUND_TIMEOUT = TimeUnit.MINUTES.toNanos(3);
    private static final String BARE_POD_KEY = randomKey();

    private final KubernetesClient client;
    private final Map<String, Long> sessionReady = new ConcurrentHashMap<>();
    private final Map<String, Long> sessionSeen = new ConcurrentHashMap<>();
    private final Map<String, Long> podReady = new ConcurrentHashMap<>();

    private ClusterBench(KubernetesClient client) {
        this.client = client;
    }

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 20;
        int burst = args.length > 1 ? Integer.parseInt(args[1]) : 50;
        String kubeconfig = System.getenv("SANDPOD_CLUSTER_KUBECONFIG");
        if (kubeconfig == null) {
            System.err.println("set SANDPOD_CLUSTER_KUBECONFIG to the kubeconfig of a cluster with Sandpod installed");
            System.exit(2);
        }
        Config config = Config.fromKubeconfig(null, Files.readString(Path.of(kubeconfig)), kubeconfig);
        try (KubernetesClient client = new KubernetesClientBuilder().withConfig(config).build()) {
            new ClusterBench(client).run(rounds, burst);
        }
    }

    private void run(int rounds, int burst) throws Exception {
        if (client.namespaces().withName(NAMESPACE).get() != null) {
            client.namespaces().withName(NAMESPACE).delete();
            await("namespace " + NAMESPACE + " gone", () -> client.namespaces().withName(NAMESPACE).get() == null);
        }
        client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(NAMESPACE).endMetadata().build()).create();
        try (SharedIndexInformer<SandboxSession> sessions = client.resources(SandboxSession.class).inNamespace(NAMESPACE)
                .inform(handler(s -> s.getStatus() != null, sessionSeen, s -> ready(s), sessionReady, s -> s.getMetadata().getName()));
             SharedIndexInformer<Pod> pods = client.pods().inNamespace(NAMESPACE).withLabel("sandpod-bench/bare", "true")
                     .inform(handler(p -> false, null, ClusterBench::podReady, podReady, p -> p.getMetadata().getName()))) {
            if (rounds > 0) {
                startToReady(rounds);
            }
            if (burst > 0) {
                burst(burst);
            }
            restart();
        } finally {
            client.namespaces().withName(NAMESPACE).delete();
        }
    }

    // ---------------------------------------------------------------- 1. create → Ready

    private void startToReady(int rounds) {
        progress("create → Ready: %d rounds (+1 warm-up) of a session and of a bare pod of the same spec, interleaved", rounds);
        Samples session = new Samples();
        Samples bare = new Samples();
        Pod template = null;
        long lastSession = 0;
        long lastBare = 0;
        for (int i = 0; i <= rounds; i++) {
            boolean sessionFirst = i % 2 == 0;
            for (int k = 0; k < 2; k++) {
                if ((k == 0) == sessionFirst) {
                    String name = "ready-" + i;
                    long took = timeSession(name);
                    lastSession = took;
                    if (template == null) {
                        template = client.pods().inNamespace(NAMESPACE).withName(name + "-sandbox").get();
                    }
                    if (i > 0) {
                        session.add(took);
                    }
                    deleteSession(name);
                } else if (template != null) {
                    String name = "bare-" + i;
                    long took = timeBarePod(template, name);
                    lastBare = took;
                    if (i > 0) {
                        bare.add(took);
                    }
                    client.pods().inNamespace(NAMESPACE).withName(name).delete(); // terminates in the background
                }
            }
            progress("  round %d/%d: session %.0f ms, bare pod %.0f ms", i, rounds, lastSession / 1e6, lastBare / 1e6);
        }
        Table table = new Table("session (operator in the cluster)");
        table.row("created → Ready, p50 of " + session.count(), session.medianMillis(), bare.medianMillis(), "ms",
                "bare pod created → Ready");
        table.row("created → Ready, p95 of " + session.count(), session.percentileMillis(95), bare.percentileMillis(95), "ms",
                "bare pod created → Ready");
        table.note("Session: `SandboxSession` created until its Ready condition is True (the operator made the key Secret, "
                + "the pod and the Service, saw the pod ready and called the agent). Bare pod: the session's pod spec "
                + "(image, agent command, readiness probe on /alive every 2 s) created as a plain pod until its Ready "
                + "condition is True. Both seen through a watch by this process.");
        table.print(System.out);
        System.out.println();
    }

    private long timeSession(String name) {
        long start = System.nanoTime();
        client.resource(session(name)).create();
        return awaitTime(sessionReady, name, ROUND_TIMEOUT) - start;
    }

    private long timeBarePod(Pod template, String name) {
        Pod pod = new PodBuilder()
                .withNewMetadata().withName(name).withNamespace(NAMESPACE).addToLabels("sandpod-bench/bare", "true").endMetadata()
                .withSpec(Serialization.clone(template.getSpec()))
                .build();
        // what the API server filled in on the session's pod and would refuse on a new one
        pod.getSpec().setNodeName(null);
        pod.getSpec().setPriority(null);
        pod.getSpec().setPreemptionPolicy(null);
        // the session's key comes from its Secret; the bare pod gets a literal one (an agent without a
        // key listens on loopback only, and the readiness probe on the pod's IP would never pass)
        pod.getSpec().getContainers().forEach(c -> c.setEnv(c.getEnv().stream()
                .map(e -> e.getValueFrom() == null ? e : new EnvVar(e.getName(), BARE_POD_KEY, null))
                .toList()));
        long start = System.nanoTime();
        client.resource(pod).create();
        return awaitTime(podReady, name, ROUND_TIMEOUT) - start;
    }

    /** Deletes the session; its pod terminates in the background, as the bare pods do (about 30 s each here). */
    private void deleteSession(String name) {
        client.resources(SandboxSession.class).inNamespace(NAMESPACE).withName(name).delete();
        await("session " + name + " gone", () ->
                client.resources(SandboxSession.class).inNamespace(NAMESPACE).withName(name).get() == null);
    }

    // ---------------------------------------------------------------- 2. 50 at once

    private void burst(int count) throws Exception {
        progress("burst: %d sessions created at once", count);
        Metrics before = metrics();
        List<String> names = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            names.add("burst-" + i);
        }
        double[] heapMax = {before.heapBytes()};
        ExecutorService creators = Executors.newFixedThreadPool(8);
        long start = System.nanoTime();
        List<CompletableFuture<Void>> created = names.stream()
                .map(n -> CompletableFuture.runAsync(() -> client.resource(session(n)).create(), creators)).toList();
        CompletableFuture.allOf(created.toArray(CompletableFuture[]::new)).join();
        long allCreated = System.nanoTime() - start;
        long last = 0;
        long nextSample = System.nanoTime();
        long nextProgress = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (!names.stream().allMatch(sessionReady::containsKey)) {
            if (System.nanoTime() - start > TIMEOUT) {
                throw new IllegalStateException("not all " + count + " sessions Ready after 10 minutes");
            }
            if (System.nanoTime() >= nextSample) {
                heapMax[0] = Math.max(heapMax[0], metrics().heapBytes());
                nextSample = System.nanoTime() + TimeUnit.SECONDS.toNanos(1);
            }
            if (System.nanoTime() >= nextProgress) {
                progress("  %d/%d Ready after %d s", names.stream().filter(sessionReady::containsKey).count(), count,
                        TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start));
                nextProgress = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
            }
            Thread.sleep(20);
        }
        for (String n : names) {
            last = Math.max(last, sessionReady.get(n) - start);
        }
        creators.shutdown();
        Metrics after = metrics();
        heapMax[0] = Math.max(heapMax[0], after.heapBytes());
        Samples each = new Samples();
        names.forEach(n -> each.add(sessionReady.get(n) - start));
        System.out.printf(java.util.Locale.ROOT, """
                | %d sessions created at once | figure |
                |---|---|
                | all created (8 threads) | %.0f ms |
                | until all Ready | %.1f s |
                | per session created → Ready, p50 / p95 | %.1f s / %.1f s |
                | operator CPU time spent (process_cpu_time) | %.1f s (%.0f ms per session) |
                | operator heap used before / highest seen (1 s samples) / after | %.0f / %.0f / %.0f MiB |
                | operator live threads after | %.0f |
                %n""", count, allCreated / 1e6, last / 1e9, each.medianMillis() / 1e3, each.percentileMillis(95) / 1e3,
                after.cpuSeconds() - before.cpuSeconds(), (after.cpuSeconds() - before.cpuSeconds()) * 1000 / count,
                before.heapBytes() / 1048576, heapMax[0] / 1048576, after.heapBytes() / 1048576, after.threads());
        progress("  deleting the %d sessions", count);
        client.resources(SandboxSession.class).inNamespace(NAMESPACE).delete();
        await("burst sessions deleted", () -> client.resources(SandboxSession.class).inNamespace(NAMESPACE).list().getItems().isEmpty());
    }

    // ---------------------------------------------------------------- 3. restart

    private void restart() {
        progress("operator restart: its pod deleted; a session created once the old operator is gone");
        await("the sandboxes of earlier steps gone", () -> client.pods().inNamespace(NAMESPACE).list().getItems().isEmpty());
        Pod old = operatorPods().getFirst();
        long start = System.nanoTime();
        client.resource(old).delete();
        await("the old operator gone", () -> client.pods().inNamespace(OPERATOR_NAMESPACE)
                .withName(old.getMetadata().getName()).get() == null);
        long gone = System.nanoTime();
        client.resource(session("after-restart")).create();
        Pod replacement = await("a new operator pod running", () -> client.pods().inNamespace(OPERATOR_NAMESPACE)
                .withLabel("app.kubernetes.io/component", "operator").list().getItems().stream()
                .filter(p -> !p.getMetadata().getUid().equals(old.getMetadata().getUid()))
                .filter(p -> p.getStatus() != null && p.getStatus().getContainerStatuses() != null
                        && p.getStatus().getContainerStatuses().stream().anyMatch(c -> c.getState().getRunning() != null))
                .findFirst().orElse(null));
        long running = System.nanoTime();
        long reconciled = awaitTime(sessionSeen, "after-restart", TIMEOUT);
        long ready = awaitTime(sessionReady, "after-restart", TIMEOUT);
        System.out.printf(java.util.Locale.ROOT, """
                | operator restart | figure |
                |---|---|
                | pod deleted (graceful) → old operator gone | %.1f s |
                | pod deleted → replacement's container running | %.1f s |
                | replacement running → first reconcile (status on a session created after the old one was gone) | %.1f s |
                | that session: created → Ready | %.1f s |
                %n""", (gone - start) / 1e9, (running - start) / 1e9, (reconciled - Math.max(running, gone)) / 1e9,
                (ready - gone) / 1e9);
        progress("  replacement %s", replacement.getMetadata().getName());
    }

    private List<Pod> operatorPods() {
        return client.pods().inNamespace(OPERATOR_NAMESPACE).withLabel("app.kubernetes.io/component", "operator").list()
                .getItems().stream().filter(p -> p.getMetadata().getDeletionTimestamp() == null).toList();
    }

    // ---------------------------------------------------------------- helpers

    private record Metrics(double cpuSeconds, double heapBytes, double threads) {
    }

    /** The operator's /metrics, through a port-forward to its pod. */
    private Metrics metrics() throws Exception {
        Pod pod = operatorPods().getFirst();
        try (LocalPortForward forward = client.pods().inNamespace(OPERATOR_NAMESPACE).withName(pod.getMetadata().getName())
                .portForward(8080)) {
            String text = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + forward.getLocalPort() + "/metrics")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            double cpu = Double.NaN;
            double heap = 0;
            double threads = Double.NaN;
            for (String line : text.lines().toList()) {
                if (line.startsWith("#")) {
                    continue;
                }
                double value = Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
                if (line.startsWith("process_cpu_time_ns_total")) {
                    cpu = value / 1e9;
                } else if (line.startsWith("process_cpu_time_seconds_total")) {
                    cpu = value;
                } else if (line.startsWith("jvm_memory_used_bytes{") && line.contains("area=\"heap\"")) {
                    heap += value;
                } else if (line.startsWith("jvm_threads_live_threads")) {
                    threads = value;
                }
            }
            return new Metrics(cpu, heap, threads);
        }
    }

    private static SandboxSession session(String name) {
        SandboxSession session = new SandboxSession();
        session.setMetadata(new io.fabric8.kubernetes.api.model.ObjectMetaBuilder().withName(name).withNamespace(NAMESPACE).build());
        return session;
    }

    private static boolean ready(SandboxSession s) {
        return s.getStatus() != null && s.getStatus().getConditions() != null && s.getStatus().getConditions().stream()
                .anyMatch(c -> SessionCondition.READY.equals(c.getType()) && "True".equals(c.getStatus()));
    }

    private static boolean podReady(Pod p) {
        return p.getStatus() != null && p.getStatus().getConditions() != null && p.getStatus().getConditions().stream()
                .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
    }

    /** Records the first time an object is seen matching {@code seen} and {@code done}. */
    private static <T> ResourceEventHandler<T> handler(Predicate<T> seen, Map<String, Long> seenAt, Predicate<T> done,
                                                       Map<String, Long> doneAt, java.util.function.Function<T, String> name) {
        return new ResourceEventHandler<>() {
            private void look(T object) {
                long now = System.nanoTime();
                if (seenAt != null && seen.test(object)) {
                    seenAt.putIfAbsent(name.apply(object), now);
                }
                if (done.test(object)) {
                    doneAt.putIfAbsent(name.apply(object), now);
                }
            }

            @Override
            public void onAdd(T object) {
                look(object);
            }

            @Override
            public void onUpdate(T before, T object) {
                look(object);
            }

            @Override
            public void onDelete(T object, boolean unknown) {
            }
        };
    }

    private static String randomKey() {
        byte[] bytes = new byte[16];
        new java.security.SecureRandom().nextBytes(bytes);
        return java.util.HexFormat.of().formatHex(bytes);
    }

    private static long awaitTime(Map<String, Long> times, String name, long timeout) {
        long deadline = System.nanoTime() + timeout;
        while (!times.containsKey(name)) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(name + " not Ready within " + TimeUnit.NANOSECONDS.toMinutes(timeout)
                        + " minutes; see kubectl -n " + NAMESPACE + " describe pod and the pod's log");
            }
            try {
                Thread.sleep(2);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        return times.get(name);
    }

    private static void await(String what, java.util.function.BooleanSupplier done) {
        await(what, () -> done.getAsBoolean() ? Boolean.TRUE : null);
    }

    private static <T> T await(String what, java.util.function.Supplier<T> value) {
        long deadline = System.nanoTime() + TIMEOUT;
        while (true) {
            T v = value.get();
            if (v != null) {
                return v;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("timed out waiting for " + what);
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }
}
