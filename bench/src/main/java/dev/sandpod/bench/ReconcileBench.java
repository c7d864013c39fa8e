package dev.sandpod.bench;

import dev.sandpod.api.session.SandboxSession;
import dev.sandpod.api.session.SandboxSessionSpec;
import dev.sandpod.api.session.SessionRuntime;
import dev.sandpod.operator.Runtimes;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.javaoperatorsdk.operator.Operator;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static dev.sandpod.bench.Table.progress;

/**
 * Issue 3, reconcile throughput: N SandboxSessions (kubernetes runtime) created at once on the
 * mock API server until each has its Pod, Service and Secret; the operator's heap afterwards.
 * Baseline in the same run: the bench's client alone creating the same N Secrets, Pods and
 * Services (copied from what the operator made) on a fresh mock server with the same client
 * threads, so the difference is the operator's overhead and not the mock server's speed.
 * Usage: {@code ReconcileBench [sessions]} (default 500); prints a Markdown table.
 */
public final class ReconcileBench {
    private static final String NAMESPACE = "bench";
    private static final int CLIENT_THREADS = 16;
    private static final String SESSION_LABEL = "sandpod.dev/session";

    public static void main(String[] args) throws Exception {
        int sessions = args.length > 0 ? Integer.parseInt(args[0]) : 500;
        Table table = new Table("operator");
        List<HasMetadata> made;
        Samples perSession = new Samples();
        long operatorTotal;
        double heapBefore;
        double heapWith;
        double heapWithout;
        int reconcileThreads;
        String requestMix;
        String cpu;
        try (MockApi api = new MockApi()) {
            heapBefore = heapMiB();
            Operator operator = api.startOperator(SessionRuntime.KUBERNETES, Runtimes.kubernetesOnly());
            reconcileThreads = operator.getConfigurationService().concurrentReconciliationThreads();
            progress("reconcile: %d sessions at once from %d client threads (operator: %d reconcile threads)",
                    sessions, CLIENT_THREADS, reconcileThreads);
            Map<String, long[]> seen = new ConcurrentHashMap<>(); // session → nanoTime its Secret, Pod, Service appeared
            CountDownLatch complete = new CountDownLatch(sessions);
            List<Watch> watches = List.of(
                    api.client.secrets().inNamespace(NAMESPACE).watch(new Appeared<>(seen, 0, complete)),
                    api.client.pods().inNamespace(NAMESPACE).watch(new Appeared<>(seen, 1, complete)),
                    api.client.services().inNamespace(NAMESPACE).watch(new Appeared<>(seen, 2, complete)));
            Map<String, Long> created = new ConcurrentHashMap<>();
            long t0 = System.nanoTime();
            inParallel(sessions, i -> {
                SandboxSession session = new SandboxSession();
                session.setMetadata(new ObjectMetaBuilder().withName("s" + i).withNamespace(NAMESPACE).build());
                session.setSpec(new SandboxSessionSpec());
                created.put("s" + i, System.nanoTime());
                api.client.resource(session).create();
            });
            long createdAll = System.nanoTime();
            progress("  %d created in %.0f ms; waiting for their objects", sessions, (createdAll - t0) / 1e6);
            if (!complete.await(10, TimeUnit.MINUTES)) {
                throw new IllegalStateException("only " + (sessions - complete.getCount()) + " sessions got all objects in 10 min");
            }
            operatorTotal = seen.values().stream().mapToLong(ReconcileBench::last).max().orElseThrow() - t0;
            seen.forEach((name, times) -> perSession.add(last(times) - created.get(name)));
            watches.forEach(Watch::close);
            requestMix = requestMix(api);
            cpu = cpuByThreadGroup();
            progress("  CPU by thread group while the operator ran: %s", cpu);
            progress("  API requests while reconciling: %s", requestMix);
            heapWith = heapMiB();
            made = new ArrayList<>();
            made.addAll(api.client.secrets().inNamespace(NAMESPACE).list().getItems());
            made.addAll(api.client.pods().inNamespace(NAMESPACE).list().getItems());
            made.addAll(api.client.services().inNamespace(NAMESPACE).list().getItems());
            operator.stop();
            operator = null; // nothing may keep its caches reachable for the measure without it
            heapWithout = heapMiB();
        }

        progress("baseline: the client alone creating the same %d objects on a fresh mock server", made.size());
        Samples perSessionBaseline = new Samples();
        long baselineTotal;
        try (MockApi api = new MockApi()) {
            Map<String, List<HasMetadata>> bySession = new ConcurrentHashMap<>();
            made.forEach(o -> bySession.computeIfAbsent(o.getMetadata().getLabels().get(SESSION_LABEL), k -> new ArrayList<>())
                    .add(copy(o)));
            List<String> names = List.copyOf(bySession.keySet());
            long t0 = System.nanoTime();
            inParallel(names.size(), i -> {
                long start = System.nanoTime();
                bySession.get(names.get(i)).forEach(o -> api.client.resource(o).create());
                perSessionBaseline.addSynchronized(System.nanoTime() - start);
            });
            baselineTotal = System.nanoTime() - t0;
        }

        String baseline = "client alone, " + CLIENT_THREADS + " threads";
        table.row(sessions + " sessions → all have Pod, Service, Secret", operatorTotal / 1e6, baselineTotal / 1e6, "ms", baseline);
        table.row("per session, p50", perSession.medianMillis(), perSessionBaseline.medianMillis(), "ms", baseline);
        table.row("per session, p99", perSession.percentileMillis(99), perSessionBaseline.percentileMillis(99), "ms", baseline);
        table.row("JVM heap after GC with the operator and its " + sessions + " sessions", heapWith, heapWithout, "MiB",
                "same JVM after operator.stop()");
        table.row("heap before the operator started (mock server, client)", heapBefore, Double.NaN, "MiB", "");
        table.note("Mock API server (fabric8, CRUD mode) in the bench's JVM; kubernetes runtime, no kubelet (pods stay Pending). "
                + "Operator: " + reconcileThreads + " reconcile threads. The heap difference (operator running vs stopped, same "
                + "objects in the mock server) is the operator's retained heap: informer caches, metrics, status.");
        table.note("API requests the mock server received during the operator's run (bench's own creates and watches included): "
                + requestMix + ".");
        table.note("CPU seconds by thread group in this JVM (operator, mock server and bench share it), top 8: " + cpu + ".");
        table.print(System.out);
    }

    /** CPU time of live threads, summed by name with the numbers removed; the biggest groups first. */
    private static String cpuByThreadGroup() {
        var threads = ManagementFactory.getThreadMXBean();
        Map<String, Long> byGroup = new java.util.HashMap<>();
        for (var info : threads.getThreadInfo(threads.getAllThreadIds())) {
            long nanos = info == null ? -1 : threads.getThreadCpuTime(info.getThreadId());
            if (nanos > 0) {
                byGroup.merge(info.getThreadName().replaceAll("\\d+", "#"), nanos, Long::sum);
            }
        }
        return byGroup.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(8)
                .map(e -> String.format(java.util.Locale.ROOT, "%s %.1f s", e.getKey(), e.getValue() / 1e9))
                .collect(java.util.stream.Collectors.joining(", "));
    }

    /** Drains the mock server's recorded requests (so they are not counted as heap) into counts by verb and resource. */
    private static String requestMix(MockApi api) throws InterruptedException {
        Map<String, Integer> counts = new java.util.TreeMap<>();
        var pattern = java.util.regex.Pattern.compile("/namespaces/[^/]+/([^/?]+)(?:/[^/?]+)?(/[^/?]+)?");
        for (var request = api.server.takeRequest(0, TimeUnit.MILLISECONDS); request != null;
             request = api.server.takeRequest(0, TimeUnit.MILLISECONDS)) {
            String path = request.getPath();
            var m = pattern.matcher(path);
            String resource = m.find() ? m.group(1) + (m.group(2) == null ? "" : m.group(2)) : path.replaceAll("\\?.*", "");
            counts.merge(request.getMethod() + " " + resource + (path.contains("watch=true") ? " (watch)" : ""), 1, Integer::sum);
        }
        return counts.entrySet().stream().map(e -> e.getKey() + " " + e.getValue())
                .collect(java.util.stream.Collectors.joining(", "));
    }

    /** Records when the object of one kind appears for its session; counts a session down once all three did. */
    private record Appeared<T extends HasMetadata>(Map<String, long[]> seen, int kind, CountDownLatch complete)
            implements Watcher<T> {
        @Override
        public void eventReceived(Action action, T resource) {
            String session = resource.getMetadata().getLabels() == null ? null : resource.getMetadata().getLabels().get(SESSION_LABEL);
            if (action != Action.ADDED || session == null) {
                return;
            }
            long[] times = seen.computeIfAbsent(session, k -> new long[3]);
            synchronized (times) {
                if (times[kind] == 0) {
                    times[kind] = System.nanoTime();
                    if (times[0] != 0 && times[1] != 0 && times[2] != 0) {
                        complete.countDown();
                    }
                }
            }
        }

        @Override
        public void onClose(WatcherException cause) {
        }
    }

    private static long last(long[] times) {
        return Math.max(times[0], Math.max(times[1], times[2]));
    }

    private static HasMetadata copy(HasMetadata o) {
        ObjectMeta m = o.getMetadata();
        o.setMetadata(new ObjectMetaBuilder().withName(m.getName()).withNamespace(m.getNamespace()).withLabels(m.getLabels())
                .withAnnotations(m.getAnnotations()).withOwnerReferences(m.getOwnerReferences()).build());
        if (o instanceof Pod pod) {
            pod.setStatus(null);
        } else if (o instanceof Service service) {
            service.setStatus(null);
        } else if (o instanceof Secret) {
            // data as the operator wrote it
        }
        return o;
    }

    interface Task {
        void run(int i) throws Exception;
    }

    private static void inParallel(int n, Task task) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(CLIENT_THREADS);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                int index = i;
                futures.add(pool.submit(() -> {
                    task.run(index);
                    return null;
                }));
            }
            for (Future<?> f : futures) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private static double heapMiB() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(200);
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() / (1024.0 * 1024);
    }
}
