package dev.sandpod.cli;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.NotFoundException;
import dev.sandpod.api.session.SessionRuntime;
import dev.sandpod.client.SandpodException;
import dev.sandpod.operator.OperatorConfig;
import dev.sandpod.operator.runtime.DockerConnection;
import dev.sandpod.operator.runtime.DockerRuntime;

import java.io.IOException;
import java.io.PrintWriter;

/**
 * Where {@code sandpod up} runs a session: what {@code --runtime} asks for, checked; else a
 * cluster with the CRD, else Docker with the image present, else a local process. Every fallback
 * is said on stderr with what would have made the better choice possible, and a local process,
 * which isolates nothing, never starts without saying so plainly first.
 */
final class RuntimeChoice {

    private RuntimeChoice() {
    }

    static SessionRuntime choose(String requested, String image, SessionLocator locator, PrintWriter err) {
        String wanted = image != null ? image : OperatorConfig.DEFAULT_SANDBOX_IMAGE;
        if (requested != null) {
            SessionRuntime runtime = parse(requested);
            switch (runtime) {
                case KUBERNETES -> {
                    ClusterAccess.Probe probe = locator.cluster();
                    if (!probe.reachable()) {
                        throw new SandpodException("No Kubernetes cluster reachable: " + probe.problem()
                                + ". Or run the session locally with --runtime docker or --runtime process");
                    }
                    if (!probe.crdInstalled()) {
                        throw new SandpodException(probe.problem());
                    }
                }
                case DOCKER -> {
                    if (!DockerRuntime.isReachable()) {
                        throw new SandpodException(noDocker() + ", or use --runtime process");
                    }
                }
                case PROCESS -> err.println("sandpod: --runtime process: the session runs as a local process, with no"
                        + " isolation from this machine (docs/runtimes.md)");
            }
            return runtime;
        }
        ClusterAccess.Probe probe = locator.cluster();
        if (probe.usable()) {
            return SessionRuntime.KUBERNETES;
        }
        err.println("sandpod: not using Kubernetes: " + probe.problem());
        if (!DockerRuntime.isReachable()) {
            err.println("sandpod: not using Docker: " + noDocker() + ".");
            warnNoIsolation(err);
            return SessionRuntime.PROCESS;
        }
        // an image the user named is theirs to pull or build: Docker pulls it, or says ImageNotFound
        if (image == null && !imagePresent(wanted)) {
            err.println("sandpod: not using Docker: image " + wanted + " is not on this machine (build it with "
                    + "'images/build.sh sandbox' in the Sandpod repository).");
            warnNoIsolation(err);
            return SessionRuntime.PROCESS;
        }
        return SessionRuntime.DOCKER;
    }

    /** Said before a process session starts that nobody asked for by name. */
    static void warnNoIsolation(PrintWriter err) {
        err.println("""
                sandpod: WARNING: no sandbox runtime is available, so this session runs as a LOCAL PROCESS WITH NO ISOLATION:
                sandpod:   the commands sent to it run as you, on this machine: they can read and change your files,
                sandpod:   use your network and credentials, and keep running processes after the session.
                sandpod:   For a sandbox, start Docker (and build the image: images/build.sh sandbox) or use a cluster.
                sandpod:   To choose a local process knowingly (and skip this warning), pass --runtime process.""");
        err.flush();
    }

    static SessionRuntime parse(String requested) {
        try {
            return SessionRuntime.of(requested);
        } catch (IllegalArgumentException e) {
            throw new SandpodException("--runtime " + requested + ": " + e.getMessage());
        }
    }

    private static String noDocker() {
        return "no Docker engine answers at " + DockerConnection.host() + ": start dockerd or set DOCKER_HOST";
    }

    static boolean imagePresent(String image) {
        try (DockerClient docker = DockerConnection.open()) {
            docker.inspectImageCmd(image).exec();
            return true;
        } catch (NotFoundException e) {
            return false;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }
}
