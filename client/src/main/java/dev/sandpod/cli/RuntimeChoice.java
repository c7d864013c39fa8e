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
 * is said on stderr with what would have made the better choice possible.
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
                case PROCESS -> { }
            }
            return runtime;
        }
        ClusterAccess.Probe probe = locator.cluster();
        if (probe.usable()) {
            return SessionRuntime.KUBERNETES;
        }
        err.println("sandpod: not using Kubernetes: " + probe.problem());
        if (!DockerRuntime.isReachable()) {
            err.println("sandpod: not using Docker: " + noDocker() + ". Running the session as a local process "
                    + "(no isolation)");
            return SessionRuntime.PROCESS;
        }
        // an image the user named is theirs to pull or build: Docker pulls it, or says ImageNotFound
        if (image == null && !imagePresent(wanted)) {
            err.println("sandpod: not using Docker: image " + wanted + " is not on this machine (build it with "
                    + "'images/build.sh sandbox' in the Sandpod repository). Running the session as a local process "
                    + "(no isolation)");
            return SessionRuntime.PROCESS;
        }
        return SessionRuntime.DOCKER;
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
