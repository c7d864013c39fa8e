package dev.sandpod.operator.session;

import dev.sandpod.api.session.SandboxSession;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.dependent.GarbageCollected;
import io.javaoperatorsdk.operator.processing.dependent.Creator;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependentResource;

/**
 * The sandbox pod. Created, never updated: a pod's spec is immutable, and replacing a sandbox
 * under a working agent would throw away its shell. A deleted pod is created again.
 */
@KubernetesDependent(informer = @Informer(labelSelector = SessionLabels.SELECTOR))
public class AgentPodDependent extends KubernetesDependentResource<Pod, SandboxSession>
        implements Creator<Pod, SandboxSession>, GarbageCollected<SandboxSession> {

    static final String WORKSPACE_VOLUME = "workspace";
    /** The session's metadata.generation the pod was built from: a later spec change applies only to a new pod. */
    static final String GENERATION_ANNOTATION = "sandpod.dev/session-generation";

    public AgentPodDependent() {
        super(Pod.class);
    }

    @Override
    protected Pod desired(SandboxSession session, Context<SandboxSession> context) {
        return build(session, OwnedObjects.resolvedSpec(context));
    }

    static Pod build(SandboxSession session, ResolvedSpec spec) {
        PodSpecBuilder pod = new PodSpecBuilder()
                .withHostname(session.getMetadata().getName())
                .withAutomountServiceAccountToken(false)
                .withEnableServiceLinks(false)
                .withRestartPolicy("Always")
                .withNewSecurityContext()
                .withNewSeccompProfile().withType("RuntimeDefault").endSeccompProfile()
                .withFsGroup(spec.root() ? null : (long) spec.uid())
                .endSecurityContext()
                .withContainers(AgentContainer.build(session, spec))
                .withRuntimeClassName(spec.runtimeClassName())
                .withNodeSelector(spec.nodeSelector().isEmpty() ? null : spec.nodeSelector())
                .withTolerations(spec.tolerations().isEmpty() ? null : spec.tolerations())
                .addToVolumes(workspace(session, spec));
        if (spec.injectAgent()) {
            pod.addToInitContainers(AgentInjection.initContainer(spec)).addToVolumes(AgentInjection.volume());
        }
        var metadata = OwnedObjects.metadata(session, SessionNames.pod(session));
        if (session.getMetadata().getGeneration() != null) {
            metadata.setAnnotations(java.util.Map.of(GENERATION_ANNOTATION, String.valueOf(session.getMetadata().getGeneration())));
        }
        return new PodBuilder()
                .withMetadata(metadata)
                .withSpec(pod.build())
                .build();
    }

    /** The generation the pod was built from, or null for a pod made before the annotation existed. */
    static Long generation(Pod pod) {
        var annotations = pod.getMetadata().getAnnotations();
        String value = annotations == null ? null : annotations.get(GENERATION_ANNOTATION);
        try {
            return value == null ? null : Long.valueOf(value);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static Volume workspace(SandboxSession session, ResolvedSpec spec) {
        VolumeBuilder volume = new VolumeBuilder().withName(WORKSPACE_VOLUME);
        return spec.workspaceSize() == null
                ? volume.withNewEmptyDir().withSizeLimit(spec.workspaceSizeLimit()).endEmptyDir().build()
                : volume.withNewPersistentVolumeClaim().withClaimName(SessionNames.workspaceClaim(session)).endPersistentVolumeClaim().build();
    }
}
