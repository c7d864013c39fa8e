package dev.sandpod.cluster;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * What the real-cluster suite runs against, from the environment (docs/testing.md):
 *
 * <ul>
 *   <li>{@code SANDPOD_CLUSTER_KUBECONFIG}: the cluster; without it the suite is skipped, or fails
 *       when {@code SANDPOD_REQUIRE_CLUSTER=1}. A separate variable from {@code KUBECONFIG} on
 *       purpose: the suite installs the chart and deletes what it made, so it never picks a cluster
 *       by accident.</li>
 *   <li>{@code SANDPOD_OPERATOR_IMAGE}, {@code SANDPOD_SANDBOX_IMAGE}: images the cluster's nodes
 *       have or can pull (default {@code sandpod/operator:dev}, {@code sandpod/sandbox:dev});
 *       {@code SANDPOD_PLAIN_IMAGE}: an image without the agent, with bash and glibc (default
 *       {@code debian:bookworm-slim}).</li>
 *   <li>{@code SANDPOD_KUBECTL}, {@code SANDPOD_HELM}: the command-line tools (default: on PATH).</li>
 * </ul>
 */
record ClusterSettings(Path kubeconfig, String operatorImage, String sandboxImage, String plainImage,
                       String kubectl, String helm, Path repository, Path logs) {

    static final String DEFAULT_OPERATOR_IMAGE = "sandpod/operator:dev";
    static final String DEFAULT_SANDBOX_IMAGE = "sandpod/sandbox:dev";

    static boolean required(Map<String, String> env) {
        return "1".equals(env.get("SANDPOD_REQUIRE_CLUSTER")) || "true".equalsIgnoreCase(env.get("SANDPOD_REQUIRE_CLUSTER"));
    }

    /** The settings, or why the suite cannot run. */
    static Result from(Map<String, String> env) {
        String kubeconfig = env.get("SANDPOD_CLUSTER_KUBECONFIG");
        if (kubeconfig == null || kubeconfig.isBlank()) {
            return new Result(null, "SANDPOD_CLUSTER_KUBECONFIG is not set: point it at the kubeconfig of a cluster the suite "
                    + "may install Sandpod into (hack/k8s/up.sh prints one; docs/testing.md)");
        }
        Path path = Path.of(kubeconfig);
        if (!Files.isRegularFile(path)) {
            return new Result(null, "SANDPOD_CLUSTER_KUBECONFIG=" + kubeconfig + " is not a file");
        }
        Path repository = Path.of(System.getProperty("sandpod.repository", "..")).toAbsolutePath().normalize();
        Path logs = Path.of(System.getProperty("sandpod.cluster.logs", "target/cluster-logs")).toAbsolutePath();
        return new Result(new ClusterSettings(path.toAbsolutePath(),
                env.getOrDefault("SANDPOD_OPERATOR_IMAGE", DEFAULT_OPERATOR_IMAGE),
                env.getOrDefault("SANDPOD_SANDBOX_IMAGE", DEFAULT_SANDBOX_IMAGE),
                env.getOrDefault("SANDPOD_PLAIN_IMAGE", "debian:bookworm-slim"),
                env.getOrDefault("SANDPOD_KUBECTL", "kubectl"),
                env.getOrDefault("SANDPOD_HELM", "helm"),
                repository, logs), null);
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
