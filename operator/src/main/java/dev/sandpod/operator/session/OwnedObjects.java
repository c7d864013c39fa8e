package dev.sandpod.operator.session;

import dev.sandpod.api.session.SandboxSession;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;

/** Metadata shared by every owned object: name, namespace, labels, and the session as controller owner. */
final class OwnedObjects {

    private OwnedObjects() {
    }

    static ObjectMeta metadata(SandboxSession session, String name) {
        return new ObjectMetaBuilder()
                .withName(name)
                .withNamespace(session.getMetadata().getNamespace())
                .withLabels(SessionLabels.of(session))
                .withOwnerReferences(new OwnerReferenceBuilder()
                        .withApiVersion(session.getApiVersion())
                        .withKind(session.getKind())
                        .withName(session.getMetadata().getName())
                        .withUid(session.getMetadata().getUid())
                        .withController(true)
                        .withBlockOwnerDeletion(true)
                        .build())
                .build();
    }

    static ResolvedSpec resolvedSpec(io.javaoperatorsdk.operator.api.reconciler.Context<SandboxSession> context) {
        return context.managedWorkflowAndDependentResourceContext()
                .getMandatory(ResolvedSpec.CONTEXT_KEY, ResolvedSpec.class);
    }
}
