package dev.sandpod.cluster;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Every log line of every operator pod the suite saw, kept across restarts and deletions (each
 * test that replaces the operator takes a snapshot first), written to target/cluster-logs/, and
 * checked for Forbidden: the operator runs under the chart's RBAC, and any refused API call fails
 * the suite.
 */
final class OperatorLogs {

    private final KubernetesClient client;
    private final Path directory;
    private final Map<String, String> logs = new ConcurrentHashMap<>();

    OperatorLogs(KubernetesClient client, Path directory) {
        this.client = client;
        this.directory = directory;
    }

    /** Reads the current and previous logs of every operator pod now present. */
    synchronized void snapshot() {
        for (Pod pod : client.pods().inNamespace(RealCluster.NAMESPACE)
                .withLabel("app.kubernetes.io/component", "operator").list().getItems()) {
            String name = pod.getMetadata().getName();
            int restarts = pod.getStatus() == null || pod.getStatus().getContainerStatuses() == null ? 0
                    : pod.getStatus().getContainerStatuses().stream().mapToInt(ContainerStatus::getRestartCount).sum();
            keep(name + "." + restarts, () -> client.pods().inNamespace(RealCluster.NAMESPACE).withName(name)
                    .inContainer("operator").getLog());
            if (restarts > 0) {
                keep(name + "." + (restarts - 1), () -> client.pods().inNamespace(RealCluster.NAMESPACE).withName(name)
                        .inContainer("operator").terminated().getLog());
            }
        }
    }

    private void keep(String key, java.util.function.Supplier<String> log) {
        String text;
        try {
            text = log.get();
        } catch (KubernetesClientException e) {
            return; // not started yet, or already gone
        }
        if (text == null) {
            return;
        }
        logs.merge(key, text, (old, now) -> now.length() >= old.length() ? now : old);
        try {
            Files.createDirectories(directory);
            Files.writeString(directory.resolve("operator-" + key + ".log"), logs.get(key));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Lines of any operator log that mention Forbidden or a 403: a refused API call ("User ... cannot
     * VERB resource ..."). One 403 is not about permissions and is left out: "unable to create new
     * content in namespace X because it is being terminated", when a namespace goes away under a
     * session.
     */
    List<String> forbidden() {
        List<String> lines = new ArrayList<>();
        logs.forEach((pod, text) -> text.lines()
                .filter(line -> line.toLowerCase(Locale.ROOT).contains("forbidden") || line.contains("code=403"))
                .filter(line -> !line.contains("because it is being terminated"))
                .forEach(line -> lines.add(pod + ": " + line)));
        return lines;
    }

    /** Whole text of the logs kept for pods whose name starts with {@code podName}. */
    String of(String podName) {
        StringBuilder text = new StringBuilder();
        logs.forEach((key, log) -> {
            if (key.startsWith(podName + ".")) {
                text.append(log);
            }
        });
        return text.toString();
    }
}
