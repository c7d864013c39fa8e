package dev.sandpod.cluster;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Which cluster the suite runs on, decided from the environment before anything starts; the
 * command lines that load the images into K3s; and the refusals a user meets, each saying what to
 * do. Runs without a cluster and without K3s (its image cannot be pulled on every machine).
 */
class ClusterProviderTest {

    static final List<String> IMPORTS = List.of("sandpod/operator:dev", "sandpod/sandbox:dev", "debian:bookworm-slim");

    /** Testcontainers' settings as cluster-tests/pom.xml gives them to the suite's JVM. */
    static Map<String, String> env(String... keysAndValues) {
        Map<String, String> env = new HashMap<>(ClusterProvider.TESTCONTAINERS_SETTINGS);
        for (int i = 0; i < keysAndValues.length; i += 2) {
            env.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return env;
    }

    /** A Docker engine that has exactly these images. */
    static ClusterProvider.LocalImages engineWith(String... images) {
        Set<String> present = Set.of(images);
        return present::contains;
    }

    /** For choices that must not ask Docker at all. */
    static final ClusterProvider.LocalImages NOT_ASKED = image -> {
        throw new AssertionError("the Docker engine was asked about " + image);
    };

    static final String[] ALL_LOCAL = {ClusterProvider.DEFAULT_K3S_IMAGE, "sandpod/operator:dev", "sandpod/sandbox:dev",
            "debian:bookworm-slim"};

    @Test
    void withoutAnyClusterTheSuiteSaysHowToGiveOne() {
        ClusterProvider.Choice choice = ClusterProvider.choose(env(), IMPORTS, NOT_ASKED);
        assertNull(choice.provider());
        assertTrue(choice.problem().startsWith("SANDPOD_CLUSTER_KUBECONFIG is not set"), choice.problem());
        assertTrue(choice.problem().contains("SANDPOD_CLUSTER=k3s"), choice.problem());
    }

    @Test
    void aKubeconfigIsTheClusterAndDockerIsNotAsked(@TempDir Path dir) throws IOException {
        Path kubeconfig = Files.writeString(dir.resolve("config"), "apiVersion: v1\n");
        ClusterProvider.Choice choice = ClusterProvider.choose(env("SANDPOD_CLUSTER_KUBECONFIG", kubeconfig.toString()), IMPORTS, NOT_ASKED);
        assertEquals(new ClusterProvider.Kubeconfig(kubeconfig.toAbsolutePath()), choice.provider());

        ClusterProvider.Choice missing = ClusterProvider.choose(env("SANDPOD_CLUSTER_KUBECONFIG", dir.resolve("nope").toString()),
                IMPORTS, NOT_ASKED);
        assertEquals("SANDPOD_CLUSTER_KUBECONFIG=" + dir.resolve("nope") + " is not a file", missing.problem());

        ClusterProvider.Choice explicit = ClusterProvider.choose(env("SANDPOD_CLUSTER", "kubeconfig",
                "SANDPOD_CLUSTER_KUBECONFIG", kubeconfig.toString(), "SANDPOD_K3S_IMAGE", "rancher/k3s:v1.30.0-k3s1"), IMPORTS, NOT_ASKED);
        assertInstanceOf(ClusterProvider.Kubeconfig.class, explicit.provider());
    }

    @Test
    void k3sIsChosenByNameOrByItsImageAndImportsEachImageOnce() {
        ClusterProvider.Choice byName = ClusterProvider.choose(env("SANDPOD_CLUSTER", "K3s"),
                List.of("sandpod/operator:dev", "sandpod/sandbox:dev", "sandpod/sandbox:dev"), engineWith(ALL_LOCAL));
        assertEquals(new ClusterProvider.K3s(ClusterProvider.DEFAULT_K3S_IMAGE, List.of("sandpod/operator:dev", "sandpod/sandbox:dev")),
                byName.provider());

        ClusterProvider.Choice byImage = ClusterProvider.choose(env("SANDPOD_K3S_IMAGE", "mirror.example/k3s:v1.30.0-k3s1"),
                IMPORTS, engineWith("mirror.example/k3s:v1.30.0-k3s1", "sandpod/operator:dev", "sandpod/sandbox:dev", "debian:bookworm-slim"));
        assertEquals(new ClusterProvider.K3s("mirror.example/k3s:v1.30.0-k3s1", IMPORTS), byImage.provider());
    }

    @Test
    void anExplicitK3sWinsOverAKubeconfigButBothWithoutAChoiceAreRefused(@TempDir Path dir) throws IOException {
        Path kubeconfig = Files.writeString(dir.resolve("config"), "apiVersion: v1\n");
        ClusterProvider.Choice explicit = ClusterProvider.choose(env("SANDPOD_CLUSTER", "k3s",
                "SANDPOD_CLUSTER_KUBECONFIG", kubeconfig.toString()), IMPORTS, engineWith(ALL_LOCAL));
        assertInstanceOf(ClusterProvider.K3s.class, explicit.provider());

        ClusterProvider.Choice both = ClusterProvider.choose(env("SANDPOD_CLUSTER_KUBECONFIG", kubeconfig.toString(),
                "SANDPOD_K3S_IMAGE", ClusterProvider.DEFAULT_K3S_IMAGE), IMPORTS, NOT_ASKED);
        assertNull(both.provider());
        assertTrue(both.problem().contains("SANDPOD_CLUSTER=kubeconfig or SANDPOD_CLUSTER=k3s"), both.problem());

        ClusterProvider.Choice unknown = ClusterProvider.choose(env("SANDPOD_CLUSTER", "kind"), IMPORTS, NOT_ASKED);
        assertEquals("SANDPOD_CLUSTER must be kubeconfig (the cluster in SANDPOD_CLUSTER_KUBECONFIG) or k3s "
                + "(a K3s the suite starts in Docker), got 'kind'", unknown.problem());
    }

    @Test
    void anAbsentK3sImageIsRefusedWithWhatToDoAndNeverPulled() {
        ClusterProvider.Choice choice = ClusterProvider.choose(env("SANDPOD_CLUSTER", "k3s"), IMPORTS,
                engineWith("sandpod/operator:dev", "sandpod/sandbox:dev", "debian:bookworm-slim"));
        assertNull(choice.provider());
        assertEquals("SANDPOD_CLUSTER=k3s: the K3s image " + ClusterProvider.DEFAULT_K3S_IMAGE + " is not in the local Docker "
                + "engine, and the suite never pulls images. Load it first (docker pull " + ClusterProvider.DEFAULT_K3S_IMAGE
                + " where a registry is reachable, or docker load -i of a saved copy), or name one that is there with "
                + "SANDPOD_K3S_IMAGE", choice.problem());
    }

    @Test
    void anAbsentImageToImportIsRefusedNamingIt() {
        ClusterProvider.Choice choice = ClusterProvider.choose(env("SANDPOD_CLUSTER", "k3s"), IMPORTS,
                engineWith(ClusterProvider.DEFAULT_K3S_IMAGE, "sandpod/operator:dev"));
        assertNull(choice.provider());
        assertTrue(choice.problem().contains("but sandpod/sandbox:dev, debian:bookworm-slim are not in the local Docker engine: "
                + "build them with images/build.sh all"), choice.problem());
    }

    @Test
    void withoutTestcontainersSettingsK3sIsRefusedBeforeDockerIsAsked() {
        Map<String, String> bare = new HashMap<>(Map.of("SANDPOD_CLUSTER", "k3s", "TESTCONTAINERS_RYUK_DISABLED", "false"));
        ClusterProvider.Choice choice = ClusterProvider.choose(bare, IMPORTS, NOT_ASKED);
        assertNull(choice.provider());
        assertTrue(choice.problem().startsWith("SANDPOD_CLUSTER=k3s needs TESTCONTAINERS_CHECKS_DISABLE=true, "
                + "TESTCONTAINERS_HOST_OVERRIDE=localhost, TESTCONTAINERS_RYUK_DISABLED=true in the test JVM's environment"),
                choice.problem());
    }

    @Test
    void aDockerEngineThatCannotBeAskedIsNamedInTheRefusal() {
        ClusterProvider.Choice choice = ClusterProvider.choose(env("SANDPOD_CLUSTER", "k3s"), IMPORTS, image -> {
            throw new IOException("the docker command could not be run (No such file or directory)");
        });
        assertEquals("SANDPOD_CLUSTER=k3s needs the local Docker engine, which could not be asked: the docker command "
                + "could not be run (No such file or directory)", choice.problem());
    }

    @Test
    void settingsOnK3sPointTheToolsAtTheKubeconfigTheSuiteWrites() {
        ClusterSettings settings = ClusterSettings.from(env("SANDPOD_CLUSTER", "k3s"), engineWith(ALL_LOCAL)).settings();
        assertEquals(new ClusterProvider.K3s(ClusterProvider.DEFAULT_K3S_IMAGE, IMPORTS), settings.k3s());
        assertEquals("kubeconfig", settings.kubeconfig().getFileName().toString());
        assertTrue(settings.kubeconfig().isAbsolute());
        assertEquals("a K3s from " + ClusterProvider.DEFAULT_K3S_IMAGE + " started by the suite", settings.describe());
    }

    @Test
    void imagesAreStreamedFromDockerIntoTheContainerdNamespaceOfTheKubelet() {
        assertEquals(List.of(
                List.of("docker", "save", "sandpod/sandbox:dev"),
                List.of("docker", "exec", "-i", "0123456789ab", "ctr", "--namespace", "k8s.io", "images", "import", "-")),
                K3sCluster.importCommands("0123456789ab", "sandpod/sandbox:dev"));
    }

    static boolean dockerAnswers() {
        try {
            Process info = new ProcessBuilder("docker", "info").redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            return info.waitFor() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    /** The real check against this machine's Docker engine (skipped where there is none). */
    @Test
    void theLocalCheckTellsAnAbsentImageFromAnEngineThatCannotAnswer() throws IOException {
        assumeTrue(dockerAnswers(), "no Docker engine answers here");
        assertFalse(K3sCluster.presentLocally("sandpod/no-such-image:never"));
        ClusterSettings.Result result = ClusterSettings.from(env("SANDPOD_CLUSTER", "k3s",
                "SANDPOD_K3S_IMAGE", "rancher/k3s:v0.0.0-never-k3s1"));
        assertNull(result.settings());
        assertTrue(result.problem().startsWith("SANDPOD_CLUSTER=k3s: the K3s image rancher/k3s:v0.0.0-never-k3s1 is not in the "
                + "local Docker engine, and the suite never pulls images."), result.problem());
    }

    /** The real pipeline into a container that is not there: an error naming both commands, no hang. */
    @Test
    void aFailedImportSaysWhichCommandFailedAndWhy() throws IOException {
        assumeTrue(dockerAnswers() && K3sCluster.presentLocally("debian:bookworm-slim"), "needs Docker and debian:bookworm-slim");
        IOException failed = org.junit.jupiter.api.Assertions.assertThrows(IOException.class,
                () -> K3sCluster.importImage("sandpod-no-such-k3s", "debian:bookworm-slim"));
        assertTrue(failed.getMessage().startsWith("importing debian:bookworm-slim into K3s failed: "), failed.getMessage());
        assertTrue(failed.getMessage().contains("docker exec -i sandpod-no-such-k3s ctr --namespace k8s.io images import - exited with 1: "),
                failed.getMessage());
        assertTrue(failed.getMessage().contains("No such container: sandpod-no-such-k3s"), failed.getMessage());
    }
}
