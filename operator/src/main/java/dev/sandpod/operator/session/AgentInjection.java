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

    private AgentInjection() {
    }

    static Container initContainer(ResolvedSpec spec) {
        return new ContainerBuilder()
                .withName(INIT_CONTAINER)
                .withImage(spec.sandboxImage())
                // spec.imagePullPolicy is about the user's image; the sandbox image keeps Kubernetes' default
                .withCommand("cp", "-a", AgentContainer.AGENT_HOME + "/.", TARGET + "/")
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
