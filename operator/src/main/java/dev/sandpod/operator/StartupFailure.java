package dev.sandpod.operator;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClientException;

import java.util.Map;
import java.util.Optional;

/**
 * What to tell the user when the operator cannot start, instead of a stack trace and a process
 * that hangs on (its HTTP server keeps the JVM alive, so a Deployment would never restart it).
 */
final class StartupFailure {

    private StartupFailure() {
    }

    /** Empty when a cluster is configured; else why there is none and what to do. */
    static Optional<String> noCluster(Map<String, String> env, Config config) {
        boolean inCluster = env.containsKey("KUBERNETES_SERVICE_HOST");
        boolean masterSet = env.containsKey("KUBERNETES_MASTER") || env.containsKey("KUBERNETES_MASTER_URL");
        if (inCluster || masterSet || config.getCurrentContext() != null) {
            return Optional.empty();
        }
        return Optional.of("no Kubernetes cluster configured: not running in a cluster (KUBERNETES_SERVICE_HOST is unset)"
                + " and no kubeconfig (" + (env.containsKey("KUBECONFIG") ? "KUBECONFIG=" + env.get("KUBECONFIG") + " has no current context"
                : "KUBECONFIG is unset and ~/.kube/config is missing") + ")."
                + " Install the operator into a cluster (helm install sandpod charts/sandpod, see docs/install.md),"
                + " or point KUBECONFIG at a cluster that has the CRD (kubectl apply -f crds/).");
    }

    /** The message for an exception thrown while starting, naming the API server. */
    static String describe(Throwable error, String masterUrl) {
        Throwable root = error;
        KubernetesClientException api = null;
        while (root.getCause() != null && root.getCause() != root) {
            if (root instanceof KubernetesClientException k && k.getCode() > 0) {
                api = k;
            }
            root = root.getCause();
        }
        if (root instanceof KubernetesClientException k && k.getCode() > 0) {
            api = k;
        }
        if (api != null && api.getCode() == 404) {
            return "the API server at " + masterUrl + " does not know SandboxSession (sandpod.dev/v1alpha1):"
                    + " install the CRD (kubectl apply -f crds/) and start the operator again";
        }
        if (api != null && api.getCode() == 403) {
            return "the API server at " + masterUrl + " refused access (403: " + api.getStatus().getMessage() + "):"
                    + " the operator's service account lacks RBAC (install with the Helm chart, charts/sandpod)";
        }
        // the most telling cause: a refused or unresolvable connection or a TLS failure, else the deepest
        Throwable telling = root;
        for (Throwable t = error; t != null && t.getCause() != t; t = t.getCause()) {
            if (t instanceof java.net.ConnectException || t instanceof java.net.UnknownHostException
                    || t instanceof javax.net.ssl.SSLException || t instanceof java.net.http.HttpTimeoutException) {
                telling = t;
                break;
            }
        }
        String what = telling.getMessage() == null ? telling.getClass().getSimpleName()
                : telling.getClass().getSimpleName() + ": " + telling.getMessage();
        return "cannot start against the API server at " + masterUrl + " (" + what + "):"
                + " check that the cluster is running and reachable, and that the CRD is installed (kubectl apply -f crds/)";
    }
}
