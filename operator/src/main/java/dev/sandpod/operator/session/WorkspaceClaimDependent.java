package dev.sandpod.operator.session;

import dev.sandpod.api.session.SandboxSession;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.dependent.GarbageCollected;
import io.javaoperatorsdk.operator.processing.dependent.Creator;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependentResource;

/**
 * The workspace's PersistentVolumeClaim when {@code spec.workspace.size} is set. Created only:
 * a claim's spec is immutable but for growing, and a shrinking request would be refused anyway.
 */
@KubernetesDependent(informer = @Informer(labelSelector = SessionLabels.SELECTOR))
public class WorkspaceClaimDependent extends KubernetesDependentResource<PersistentVolumeClaim, SandboxSession>
        implements Creator<PersistentVolumeClaim, SandboxSession>, GarbageCollected<SandboxSession> {

    public WorkspaceClaimDependent() {
        super(PersistentVolumeClaim.class);
    }

    @Override
    protected PersistentVolumeClaim desired(SandboxSession session, Context<SandboxSession> context) {
        return build(session, OwnedObjects.resolvedSpec(context));
    }

    static PersistentVolumeClaim build(SandboxSession session, ResolvedSpec spec) {
        return new PersistentVolumeClaimBuilder()
                .withMetadata(OwnedObjects.metadata(session, SessionNames.workspaceClaim(session)))
                .withNewSpec()
                .withAccessModes("ReadWriteOnce")
                .withStorageClassName(spec.storageClassName())
                .withNewResources()
                .addToRequests("storage", spec.workspaceSize())
                .endResources()
                .endSpec()
                .build();
    }
}
