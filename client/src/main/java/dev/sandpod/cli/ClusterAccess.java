package dev.sandpod.cli;

import dev.sandpod.api.session.SandboxSession;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Whether a Kubernetes cluster with the SandboxSession CRD is at hand, decided quickly: no
 * kubeconfig and no in-cluster service account means no cluster without a network call; otherwise
 * one {@code /version} call and one discovery call, each with a short timeout.
 */
final class ClusterAccess {

    /** What the probe found; {@code client} is open only when {@code usable()}. */
    record Probe(KubernetesClient client, boolean reachable, boolean crdInstalled, String problem) {
        boolean usable() {
            return reachable && crdInstalled;
        }
    }

    private ClusterAccess() {
    }

    static Probe probe(Map<String, String> env, int timeoutMillis) {
        if (!configured(env)) {
            return new Probe(null, false, false, "no kubeconfig (set KUBECONFIG or create ~/.kube/config) and not "
                    + "inside a cluster");
        }
        Config config = config(env);
        config.setConnectionTimeout(timeoutMillis);
        config.setRequestTimeout(timeoutMillis);
        config.setRequestRetryBackoffLimit(0);
        KubernetesClient client = new KubernetesClientBuilder().withConfig(config).build();
        try {
            client.getKubernetesVersion();
        } catch (RuntimeException e) {
            client.close();
            return new Probe(null, false, false, "the cluster at " + config.getMasterUrl() + " does not answer ("
                    + rootMessage(e) + ")");
        }
        boolean crd;
        try {
            crd = client.supports(SandboxSession.class);
        } catch (RuntimeException e) {
            crd = false;
        }
        if (!crd) {
            client.close();
            return new Probe(null, true, false, "the SandboxSession CRD is not installed in the cluster at "
                    + config.getMasterUrl() + ": run 'kubectl apply -f crds/' (or install the Helm chart)");
        }
        return new Probe(client, true, true, null);
    }

    /** The kubeconfig that {@code env} names (the first file of KUBECONFIG), else fabric8's usual lookup. */
    private static Config config(Map<String, String> env) {
        String kubeconfig = env.get("KUBECONFIG");
        if (kubeconfig != null && !kubeconfig.isBlank()) {
            for (String file : kubeconfig.split(java.io.File.pathSeparator)) {
                Path path = Path.of(file);
                if (!file.isBlank() && Files.isRegularFile(path)) {
                    try {
                        return Config.fromKubeconfig(null, Files.readString(path), path.toString());
                    } catch (java.io.IOException e) {
                        throw new dev.sandpod.client.SandpodException("Cannot read kubeconfig " + path + ": " + e.getMessage(), e);
                    }
                }
            }
        }
        return Config.autoConfigure(null);
    }

    private static boolean configured(Map<String, String> env) {
        if (env.containsKey("KUBERNETES_SERVICE_HOST")) {
            return true;
        }
        String kubeconfig = env.get("KUBECONFIG");
        if (kubeconfig != null && !kubeconfig.isBlank()) {
            for (String file : kubeconfig.split(java.io.File.pathSeparator)) {
                if (!file.isBlank() && Files.isRegularFile(Path.of(file))) {
                    return true;
                }
            }
            return false;
        }
        return Files.isRegularFile(Path.of(System.getProperty("user.home"), ".kube", "config"));
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    }
}
