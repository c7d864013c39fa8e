package dev.sandpod.cluster;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * What the real-cluster suite runs against, from the environment (docs/testing.md):
 *
 * <ul>
 *   <li>the cluster ({@link ClusterProvider}): {@code SANDPOD_CLUSTER_KUBECONFIG}, a cluster the
 *       user gives; or {@code SANDPOD_CLUSTER=k3s} (or just {@code SANDPOD_K3S_IMAGE}), a K3s the
 *       suite starts in the local Docker engine. Without either the suite is skipped, or fails
 *       when {@code SANDPOD_REQUIRE_CLUSTER=1}. A separate variable from {@code KUBECONFIG} on
 *       purpose: the suite installs the chart and deletes what it made, so it never picks a cluster
 *       by accident.</li>
 *   <li>{@code SANDPOD_OPERATOR_IMAGE}, {@code SANDPOD_SANDBOX_IMAGE}: images the cluster's nodes
 *       have or can pull (default {@code sandpod/operator:dev}, {@code sandpod/sandbox:dev});
 *       {@code SANDPOD_PLAIN_IMAGE}: an image without the agent, with bash and glibc (default
 *       {@code debian:bookworm-slim}).</li>
 *   <li>{@code SANDPOD_KUBECTL}, {@code SANDPOD_HELM}: the command-line tools (default: on PATH).</li>
 * </ul>
 *
 * @param kubeconfig the cluster's kubeconfig; for K3s, the file the suite writes once K3s runs
 * @param k3s        the K3s the suite starts, or null when the kubeconfig names a cluster
 */
record ClusterSettings(Path kubeconfig, String operatorImage, String sandboxImage, String plainImage,
                       String kubectl, String helm, Path repository, Path logs, ClusterProvider.K3s k3s) {

    static final String DEFAULT_OPERATOR_IMAGE = "sandpod/operator:dev";
    static final String DEFAULT_SANDBOX_IMAGE = "sandpod/sandbox:dev";

    private static Result current;

    static boolean required(Map<String, String> env) {
        return "1".equals(env.get("SANDPOD_REQUIRE_CLUSTER")) || "true".equalsIgnoreCase(env.get("SANDPOD_REQUIRE_CLUSTER"));
    }

    /** The settings of this JVM's environment, decided once (choosing K3s asks the Docker engine). */
    static synchronized Result current() {
        if (current == null) {
            current = from(System.getenv());
        }
        return current;
    }

    /** The settings, or why the suite cannot run. */
    static Result from(Map<String, String> env) {
        return from(env, K3sCluster::presentLocally);
    }

    /** The settings, or why the suite cannot run; {@code images} answers whether an image is in the local engine. */
    static Result from(Map<String, String> env, ClusterProvider.LocalImages images) {
        String operatorImage = env.getOrDefault("SANDPOD_OPERATOR_IMAGE", DEFAULT_OPERATOR_IMAGE);
        String sandboxImage = env.getOrDefault("SANDPOD_SANDBOX_IMAGE", DEFAULT_SANDBOX_IMAGE);
        String plainImage = env.getOrDefault("SANDPOD_PLAIN_IMAGE", "debian:bookworm-slim");
        ClusterProvider.Choice choice = ClusterProvider.choose(env, java.util.List.of(operatorImage, sandboxImage, plainImage), images);
        if (choice.provider() == null) {
            return new Result(null, choice.problem());
        }
        Path kubeconfig;
        ClusterProvider.K3s k3s = null;
        if (choice.provider() instanceof ClusterProvider.K3s started) {
            k3s = started;
            kubeconfig = Path.of(System.getProperty("sandpod.k3s.dir", "target/k3s")).resolve("kubeconfig").toAbsolutePath();
        } else {
            kubeconfig = ((ClusterProvider.Kubeconfig) choice.provider()).file();
        }
        Path repository = Path.of(System.getProperty("sandpod.repository", "..")).toAbsolutePath().normalize();
        Path logs = Path.of(System.getProperty("sandpod.cluster.logs", "target/cluster-logs")).toAbsolutePath();
        return new Result(new ClusterSettings(kubeconfig, operatorImage, sandboxImage, plainImage,
                env.getOrDefault("SANDPOD_KUBECTL", "kubectl"),
                env.getOrDefault("SANDPOD_HELM", "helm"),
                repository, logs, k3s), null);
    }

    /** What the suite runs on, for messages. */
    String describe() {
        return k3s == null ? "the cluster of " + kubeconfig : "a K3s from " + k3s.image() + " started by the suite";
    }

    record Result(ClusterSettings settings, String problem) {
        Optional<ClusterSettings> get() {
            return Optional.ofNullable(settings);
        }
    }

    /** Whether the chart's default images are the ones under test (then the README runs exactly as written). */
    boolean defaultImages() {
        return DEFAULT_OPERATOR_IMAGE.equals(operatorImage) && DEFAULT_SANDBOX_IMAGE.equals(sandboxImage);
    }

    /** {@code --set} arguments that point the chart at the images under test; none for the defaults. */
    java.util.List<String> imageValues() {
        if (defaultImages()) {
            return java.util.List.of();
        }
        int slash = operatorImage.lastIndexOf('/');
        int colon = operatorImage.lastIndexOf(':');
        String repo = colon > slash ? operatorImage.substring(0, colon) : operatorImage;
        String tag = colon > slash ? operatorImage.substring(colon + 1) : "latest";
        return java.util.List.of("--set", "image.repository=" + repo, "--set", "image.tag=" + tag,
                "--set", "sandbox.image=" + sandboxImage);
    }
}
