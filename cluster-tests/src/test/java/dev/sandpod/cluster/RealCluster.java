package dev.sandpod.cluster;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The cluster the suite runs on, shared by every test class: the settings, a fabric8 client for
 * looking (the admin's kubeconfig), the user's tools for doing, and the Sandpod release the chart
 * installed (the operator runs in the cluster, under the chart's RBAC).
 */
final class RealCluster {

    static final String RELEASE = "sandpod";
    static final String NAMESPACE = "sandpod-system";
    static final String DEPLOYMENT = "sandpod";

    private static RealCluster instance;
    private static Throwable startFailure;
    /** The K3s this suite started (SANDPOD_CLUSTER=k3s), or null. */
    private static K3sCluster k3s;

    final ClusterSettings settings;
    final Cli cli;
    final KubernetesClient client;
    final OperatorLogs logs;
    /** The values the release was last installed with by this suite; null: unknown. */
    private List<String> installedValues;

    private RealCluster(ClusterSettings settings) {
        this.settings = settings;
        this.cli = new Cli(settings);
        try {
            this.client = new KubernetesClientBuilder()
                    .withConfig(Config.fromKubeconfig(null, Files.readString(settings.kubeconfig()), settings.kubeconfig().toString()))
                    .build();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        this.logs = new OperatorLogs(client, settings.logs());
    }

    static synchronized RealCluster get() {
        if (instance == null) {
            if (startFailure != null) {
                throw new AssertionError("the suite's cluster could not be started (the first class's failure says why)", startFailure);
            }
            ClusterSettings.Result result = ClusterSettings.current();
            ClusterSettings settings = result.get().orElseThrow(() -> new AssertionError(result.problem()));
            try {
                if (settings.k3s() != null) {
                    k3s = K3sCluster.start(settings.k3s(), settings.kubeconfig(), line -> System.out.println("[k3s] " + line));
                    Runtime.getRuntime().addShutdownHook(new Thread(RealCluster::shutdown, "sandpod-k3s-stop"));
                }
                instance = new RealCluster(settings);
            } catch (RuntimeException | Error e) {
                startFailure = e;
                throw e;
            }
        }
        return instance;
    }

    /** At the end of the suite (or of the JVM): stops the K3s the suite started; nothing for a given cluster. */
    static synchronized void shutdown() {
        if (k3s == null) {
            return;
        }
        if (instance != null) {
            instance.client.close();
        }
        k3s.close();
        k3s = null;
    }

    /** The chart's path in this repository. */
    String chart() {
        return settings.repository().resolve("charts/sandpod").toString();
    }

    /**
     * The release installed with the suite's images plus {@code values} ({@code --set ...}), and its
     * operator ready; nothing is done when this suite installed exactly that already.
     */
    synchronized void operator(String... values) {
        List<String> wanted = new ArrayList<>(settings.imageValues());
        wanted.addAll(List.of(values));
        if (wanted.equals(installedValues) && operatorReady()) {
            return;
        }
        logs.snapshot(); // an upgrade may replace the pod: keep what the old one said
        List<String> args = new ArrayList<>(List.of("upgrade", "--install", RELEASE, chart(), "--namespace", NAMESPACE,
                "--create-namespace", "--reset-values"));
        args.addAll(wanted);
        cli.helm(args.toArray(String[]::new)).ok();
        awaitRollout();
        awaitLeader();
        installedValues = wanted;
    }

    /**
     * Until the Lease is held by the running operator pod: after an upgrade the old pod may still lead
     * (and reconcile with its old settings) for a few seconds after the new one is ready.
     */
    void awaitLeader() {
        if (client.leases().inNamespace(NAMESPACE).withName("sandpod-operator").get() == null
                && client.apps().deployments().inNamespace(NAMESPACE).withName(DEPLOYMENT).get().getSpec().getTemplate()
                .getSpec().getContainers().getFirst().getEnv().stream()
                .anyMatch(e -> e.getName().equals("SANDPOD_LEADER_ELECTION") && "false".equals(e.getValue()))) {
            return; // no leader election: the rollout is all there is
        }
        Await.until("the Lease held by the current operator pod", () -> {
            var lease = client.leases().inNamespace(NAMESPACE).withName("sandpod-operator").get();
            String pod = operatorPod().getMetadata().getName();
            return lease != null && pod.equals(lease.getSpec().getHolderIdentity()) ? pod : null;
        }, pod -> true);
    }

    /** {@code kubectl rollout status}, as a user waits for the operator. */
    void awaitRollout() {
        cli.kubectl("-n", NAMESPACE, "rollout", "status", "deployment/" + DEPLOYMENT, "--timeout=300s").ok();
    }

    boolean operatorReady() {
        var deployment = client.apps().deployments().inNamespace(NAMESPACE).withName(DEPLOYMENT).get();
        return deployment != null && deployment.getStatus() != null
                && Objects.equals(deployment.getStatus().getReadyReplicas(), deployment.getSpec().getReplicas())
                && Objects.equals(deployment.getStatus().getUpdatedReplicas(), deployment.getSpec().getReplicas())
                && deployment.getStatus().getUnavailableReplicas() == null;
    }

    /** {@code helm uninstall} (the CRD stays: Helm never deletes CRDs), when the release exists. */
    synchronized void uninstall() {
        logs.snapshot();
        if (cli.helm("status", RELEASE, "--namespace", NAMESPACE).exitCode() == 0) {
            cli.helm("uninstall", RELEASE, "--namespace", NAMESPACE, "--wait", "--timeout", "300s").ok();
        }
        Await.until("the operator's pods gone", Duration.ofMinutes(3),
                () -> client.pods().inNamespace(NAMESPACE).withLabel("app.kubernetes.io/component", "operator").list().getItems(),
                List::isEmpty);
        installedValues = null;
    }

    /** The one running operator pod. */
    Pod operatorPod() {
        return Await.until("one running operator pod", () -> client.pods().inNamespace(NAMESPACE)
                        .withLabel("app.kubernetes.io/component", "operator").list().getItems().stream()
                        .filter(p -> p.getMetadata().getDeletionTimestamp() == null)
                        .filter(p -> p.getStatus() != null && "Running".equals(p.getStatus().getPhase()))
                        .toList(),
                pods -> pods.size() == 1).getFirst();
    }
}
