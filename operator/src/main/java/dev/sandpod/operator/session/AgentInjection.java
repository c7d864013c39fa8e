package dev.sandpod.operator.session;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;

/**
 * Puts the agent into an image that lacks it: an init container from the Sandpod sandbox image
 * copies {@code /opt/sandpod} (a self-contained distribution with its own Java runtime) into a
 * shared emptyDir, which the main container mounts at the same path.
 */
final class AgentInjection {

    static final String VOLUME = "sandpod-agent";
    static final String INIT_CONTAINER = "install-agent";
    private static final String TARGET = "/sandpod-agent";
    /**
     * The distribution's entries, not {@code /opt/sandpod/.}: as a non-root user without
     * capabilities the copy cannot set the times or mode of the emptyDir itself (root's), and
     * {@code cp -a} failed with "preserving times for '/sandpod-agent/.': Operation not permitted"
     * on a real kubelet. Jar timestamps are kept (the agent's AOT cache checks them); existing files
     * (an init container run again over the same emptyDir) are replaced, read-only ones included.
     */
    static final String COPY = "cp -R --preserve=mode,timestamps,links --remove-destination " + AgentContainer.AGENT_HOME
            + "/* " + TARGET + "/";

    private AgentInjection() {
    }

    static Container initContainer(ResolvedSpec spec) {
        return new ContainerBuilder()
                .withName(INIT_CONTAINER)
                .withImage(spec.sandboxImage())
                // spec.imagePullPolicy is about the user's image; the sandbox image keeps Kubernetes' default
                .withCommand("sh", "-c", COPY)
                .withSecurityContext(AgentContainer.securityContext(spec))
                .withNewResources()
                .addToRequests("cpu", new Quantity("50m"))
                .addToRequests("memory", new Quantity("32Mi"))
                .addToLimits("memory", new Quantity("128Mi"))
                .endResources()
                .addNewVolumeMount().withName(VOLUME).withMountPath(TARGET).endVolumeMount()
                .build();
    }

    static Volume volume() {
        return new VolumeBuilder().withName(VOLUME).withNewEmptyDir().endEmptyDir().build();
    }
}
