package dev.sandpod.cluster;

import org.testcontainers.k3s.K3sContainer;
import org.testcontainers.utility.DockerImageName;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * A K3s in the local Docker engine for the suite ({@code SANDPOD_CLUSTER=k3s}): Testcontainers'
 * {@link K3sContainer} from an image that is already local (nothing is pulled), the images under
 * test streamed into its containerd ({@code docker save IMAGE | docker exec -i K3S ctr --namespace
 * k8s.io images import -}), its kubeconfig written to a file for kubectl, helm and the SDK. The
 * suite stops it at the end; Ryuk is off, so a JVM killed before that leaves the container behind,
 * labelled {@value #LABEL}.
 */
final class K3sCluster implements AutoCloseable {

    static final String LABEL = "dev.sandpod/cluster-tests";
    private static final String DOCKER = "docker";
    private static final Duration START_TIMEOUT = Duration.ofMinutes(5);
    private static final Duration IMPORT_TIMEOUT = Duration.ofMinutes(15);
    private static final Duration INSPECT_TIMEOUT = Duration.ofSeconds(30);

    private final K3sContainer container;
    private final Consumer<String> progress;
    private boolean stopped;

    private K3sCluster(K3sContainer container, Consumer<String> progress) {
        this.container = container;
        this.progress = progress;
    }

    /**
     * Starts K3s, imports the images and writes the kubeconfig; on any failure the container is
     * stopped again and the error says which step failed.
     */
    static K3sCluster start(ClusterProvider.K3s spec, Path kubeconfig, Consumer<String> progress) {
        progress.accept("starting " + spec.image() + " in the local Docker engine (nothing is pulled)");
        long started = System.nanoTime();
        @SuppressWarnings("resource") // closed by the K3sCluster, or below on failure
        K3sContainer container = new K3sContainer(DockerImageName.parse(spec.image()).asCompatibleSubstituteFor("rancher/k3s"))
                .withImagePullPolicy(image -> false)
                .withStartupTimeout(START_TIMEOUT)
                .withLabel(LABEL, "k3s");
        K3sCluster cluster = new K3sCluster(container, progress);
        try {
            container.start();
            progress.accept("K3s is up (" + seconds(started) + "), container " + container.getContainerId().substring(0, 12));
            List<String> imports = spec.imports();
            for (int i = 0; i < imports.size(); i++) {
                String image = imports.get(i);
                progress.accept("importing " + image + " into K3s (" + (i + 1) + "/" + imports.size() + ")");
                long importStarted = System.nanoTime();
                importImage(container.getContainerId(), image);
                progress.accept("imported " + image + " (" + seconds(importStarted) + ")");
            }
            Files.createDirectories(kubeconfig.toAbsolutePath().getParent());
            Files.writeString(kubeconfig, container.getKubeConfigYaml());
            Files.setPosixFilePermissions(kubeconfig, PosixFilePermissions.fromString("rw-------"));
            progress.accept("K3s ready for the suite (" + seconds(started) + "); KUBECONFIG=" + kubeconfig);
            return cluster;
        } catch (IOException e) {
            cluster.close();
            throw new UncheckedIOException("K3s from " + spec.image() + ": " + e.getMessage(), e);
        } catch (org.testcontainers.containers.ContainerLaunchException e) {
            cluster.close();
            Throwable root = e;
            while (root.getCause() != null) {
                root = root.getCause();
            }
            throw new IllegalStateException("K3s from " + spec.image() + " could not be started (it runs as a privileged "
                    + "container that shares the host's cgroups; a Docker engine that refuses privileged containers cannot "
                    + "run it): " + String.valueOf(root.getMessage()).strip(), e);
        } catch (RuntimeException | Error e) {
            cluster.close();
            throw e;
        }
    }

    /** The two commands of one image's import, piped: {@code docker save} into containerd's import in K3s. */
    static List<List<String>> importCommands(String containerId, String image) {
        return List.of(
                List.of(DOCKER, "save", image),
                List.of(DOCKER, "exec", "-i", containerId, "ctr", "--namespace", "k8s.io", "images", "import", "-"));
    }

    /** Streams the image from the local engine into K3s's containerd (the namespace its kubelet uses). */
    static void importImage(String containerId, String image) throws IOException {
        List<List<String>> commands = importCommands(containerId, image);
        List<Process> pipeline = ProcessBuilder.startPipeline(List.of(
                new ProcessBuilder(commands.get(0)), new ProcessBuilder(commands.get(1))));
        List<CompletableFuture<String>> errors = new ArrayList<>();
        for (Process process : pipeline) {
            errors.add(Cli.drain(process.getErrorStream()));
        }
        CompletableFuture<String> out = Cli.drain(pipeline.getLast().getInputStream());
        try {
            long deadline = System.nanoTime() + IMPORT_TIMEOUT.toNanos();
            for (Process process : pipeline) {
                if (!process.waitFor(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                    pipeline.forEach(Process::destroyForcibly);
                    throw new IOException("importing " + image + " did not finish within " + IMPORT_TIMEOUT.toMinutes() + " minutes");
                }
            }
        } catch (InterruptedException e) {
            pipeline.forEach(Process::destroyForcibly);
            Thread.currentThread().interrupt();
            throw new IOException("interrupted importing " + image, e);
        }
        // both sides, in pipeline order: a failed save leaves the import nothing to read, a failed import breaks the save's pipe
        List<String> failures = new ArrayList<>();
        for (int i = 0; i < pipeline.size(); i++) {
            if (pipeline.get(i).exitValue() != 0) {
                String said = (errors.get(i).join() + (i == pipeline.size() - 1 ? out.join() : "")).strip();
                failures.add(String.join(" ", commands.get(i)) + " exited with " + pipeline.get(i).exitValue()
                        + (said.isEmpty() ? "" : ": " + said));
            }
        }
        if (!failures.isEmpty()) {
            throw new IOException("importing " + image + " into K3s failed: " + String.join("; ", failures));
        }
    }

    /** Whether the image is in the local Docker engine ({@code docker image inspect}); never pulls. */
    static boolean presentLocally(String image) throws IOException {
        Process process;
        try {
            process = new ProcessBuilder(DOCKER, "image", "inspect", "--format", "{{.Id}}", image)
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
        } catch (IOException e) {
            throw new IOException("the docker command could not be run (" + e.getMessage() + ")", e);
        }
        CompletableFuture<String> err = Cli.drain(process.getErrorStream());
        Cli.drain(process.getInputStream());
        try {
            if (!process.waitFor(INSPECT_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IOException("docker image inspect " + image + " did not answer within " + INSPECT_TIMEOUT.toSeconds() + " s");
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted asking Docker for " + image, e);
        }
        if (process.exitValue() == 0) {
            return true;
        }
        String message = err.join().strip();
        if (message.toLowerCase(java.util.Locale.ROOT).contains("no such image")) {
            return false;
        }
        throw new IOException("docker image inspect " + image + " exited with " + process.exitValue() + ": " + message);
    }

    private static String seconds(long since) {
        return (System.nanoTime() - since) / 1_000_000_000 + " s";
    }

    /** Stops and removes the container; once. */
    @Override
    public synchronized void close() {
        if (stopped) {
            return;
        }
        stopped = true;
        String id = container.getContainerId();
        container.stop();
        if (id != null) {
            progress.accept("K3s stopped and removed (container " + id.substring(0, 12) + ")");
        }
    }
}
