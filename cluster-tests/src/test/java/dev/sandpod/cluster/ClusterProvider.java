package dev.sandpod.cluster;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Where the suite's cluster comes from (docs/testing.md), chosen from the environment before
 * anything is started:
 *
 * <ul>
 *   <li>{@code SANDPOD_CLUSTER=kubeconfig}, the default when {@code SANDPOD_CLUSTER_KUBECONFIG} is
 *       set: a cluster the user gives (kind, k3s, a cloud cluster, CI's Kubernetes 1.20).</li>
 *   <li>{@code SANDPOD_CLUSTER=k3s}, the default when only {@code SANDPOD_K3S_IMAGE} is set: a K3s
 *       the suite starts in the local Docker engine with Testcontainers ({@link K3sCluster}), the
 *       images under test imported into it, stopped at the end.</li>
 * </ul>
 *
 * K3s is refused, with what to do, when its image or an image to import is not in the local
 * engine (the suite never pulls: a pull that cannot succeed would hang for minutes), or when the
 * JVM lacks the Testcontainers settings that keep it from pulling helper images.
 */
sealed interface ClusterProvider {

    /** The K3s image when {@code SANDPOD_K3S_IMAGE} names none. */
    String DEFAULT_K3S_IMAGE = "rancher/k3s:v1.31.4-k3s1";

    /** Testcontainers' settings the k3s provider needs in the JVM's environment (cluster-tests/pom.xml sets them). */
    Map<String, String> TESTCONTAINERS_SETTINGS = Map.of(
            "TESTCONTAINERS_RYUK_DISABLED", "true",
            "TESTCONTAINERS_CHECKS_DISABLE", "true",
            "TESTCONTAINERS_HOST_OVERRIDE", "localhost");

    /** A cluster the user gives by its kubeconfig. */
    record Kubeconfig(Path file) implements ClusterProvider {
    }

    /**
     * A K3s the suite starts.
     *
     * @param image   the K3s image, present in the local Docker engine
     * @param imports the images loaded into K3s before the suite runs (operator, sandbox, plain)
     */
    record K3s(String image, List<String> imports) implements ClusterProvider {
    }

    /** The provider, or why there is none (a text that says what to set or do). */
    record Choice(ClusterProvider provider, String problem) {
        static Choice of(ClusterProvider provider) {
            return new Choice(provider, null);
        }

        static Choice refused(String problem) {
            return new Choice(null, problem);
        }
    }

    /** Whether an image is in the local Docker engine. */
    @FunctionalInterface
    interface LocalImages {
        /** @throws IOException when the engine could not be asked; the message says why */
        boolean present(String image) throws IOException;
    }

    /**
     * Chooses the provider.
     *
     * @param env     the environment (SANDPOD_CLUSTER, SANDPOD_CLUSTER_KUBECONFIG, SANDPOD_K3S_IMAGE, TESTCONTAINERS_*)
     * @param imports the images a K3s must get (the suite's operator, sandbox and plain images)
     * @param images  asks the local Docker engine; only called when K3s is asked for
     */
    static Choice choose(Map<String, String> env, List<String> imports, LocalImages images) {
        String asked = env.getOrDefault("SANDPOD_CLUSTER", "").strip().toLowerCase(Locale.ROOT);
        String kubeconfig = env.getOrDefault("SANDPOD_CLUSTER_KUBECONFIG", "").strip();
        String k3sImage = env.getOrDefault("SANDPOD_K3S_IMAGE", "").strip();
        switch (asked) {
            case "kubeconfig" -> {
                return kubeconfig(kubeconfig);
            }
            case "k3s" -> {
                return k3s(k3sImage.isEmpty() ? DEFAULT_K3S_IMAGE : k3sImage, env, imports, images);
            }
            case "" -> {
                if (!kubeconfig.isEmpty() && !k3sImage.isEmpty()) {
                    return Choice.refused("both SANDPOD_CLUSTER_KUBECONFIG and SANDPOD_K3S_IMAGE are set: say which cluster "
                            + "the suite runs on with SANDPOD_CLUSTER=kubeconfig or SANDPOD_CLUSTER=k3s");
                }
                if (!k3sImage.isEmpty()) {
                    return k3s(k3sImage, env, imports, images);
                }
                return kubeconfig(kubeconfig);
            }
            default -> {
                return Choice.refused("SANDPOD_CLUSTER must be kubeconfig (the cluster in SANDPOD_CLUSTER_KUBECONFIG) or k3s "
                        + "(a K3s the suite starts in Docker), got '" + env.get("SANDPOD_CLUSTER") + "'");
            }
        }
    }

    private static Choice kubeconfig(String kubeconfig) {
        if (kubeconfig.isEmpty()) {
            return Choice.refused("SANDPOD_CLUSTER_KUBECONFIG is not set: point it at the kubeconfig of a cluster the suite "
                    + "may install Sandpod into (hack/k8s/up.sh prints one), or set SANDPOD_CLUSTER=k3s to run it on a K3s "
                    + "in the local Docker engine (docs/testing.md)");
        }
        Path path = Path.of(kubeconfig);
        if (!Files.isRegularFile(path)) {
            return Choice.refused("SANDPOD_CLUSTER_KUBECONFIG=" + kubeconfig + " is not a file");
        }
        return Choice.of(new Kubeconfig(path.toAbsolutePath()));
    }

    private static Choice k3s(String image, Map<String, String> env, List<String> imports, LocalImages images) {
        List<String> unset = new ArrayList<>();
        TESTCONTAINERS_SETTINGS.forEach((name, value) -> {
            String actual = env.getOrDefault(name, "").strip();
            if (name.endsWith("HOST_OVERRIDE") ? actual.isEmpty() : !actual.equalsIgnoreCase(value)) {
                unset.add(name + "=" + value);
            }
        });
        if (!unset.isEmpty()) {
            unset.sort(null);
            return Choice.refused("SANDPOD_CLUSTER=k3s needs " + String.join(", ", unset) + " in the test JVM's environment "
                    + "(mvn -pl cluster-tests sets them; set them yourself when running the suite another way): without them "
                    + "Testcontainers pulls helper images before anything starts, and waits minutes where none can be pulled");
        }
        try {
            if (!images.present(image)) {
                return Choice.refused("SANDPOD_CLUSTER=k3s: the K3s image " + image + " is not in the local Docker engine, "
                        + "and the suite never pulls images. Load it first (docker pull " + image + " where a registry "
                        + "is reachable, or docker load -i of a saved copy), or name one that is there with SANDPOD_K3S_IMAGE");
            }
            List<String> missing = new ArrayList<>();
            for (String wanted : new LinkedHashSet<>(imports)) {
                if (!images.present(wanted)) {
                    missing.add(wanted);
                }
            }
            if (!missing.isEmpty()) {
                return Choice.refused("SANDPOD_CLUSTER=k3s imports " + String.join(", ", new LinkedHashSet<>(imports))
                        + " into K3s, but " + String.join(", ", missing) + (missing.size() == 1 ? " is" : " are")
                        + " not in the local Docker engine: build them with images/build.sh all, or point "
                        + "SANDPOD_OPERATOR_IMAGE, SANDPOD_SANDBOX_IMAGE and SANDPOD_PLAIN_IMAGE at images that are there");
            }
        } catch (IOException e) {
            return Choice.refused("SANDPOD_CLUSTER=k3s needs the local Docker engine, which could not be asked: " + e.getMessage());
        }
        return Choice.of(new K3s(image, List.copyOf(new LinkedHashSet<>(imports))));
    }
}
