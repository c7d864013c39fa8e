package dev.sandpod.operator.session;

import dev.sandpod.api.session.SandboxSession;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.dependent.DependentResource;
import io.javaoperatorsdk.operator.processing.dependent.workflow.Condition;

/** A claim only for Kubernetes sessions that ask for a sized workspace; others get an emptyDir. */
public class WorkspaceClaimCondition implements Condition<Object, SandboxSession> {

    @Override
    public boolean isMet(DependentResource<Object, SandboxSession> dependent, SandboxSession session,
                         Context<SandboxSession> context) {
        ResolvedSpec spec = OwnedObjects.resolvedSpec(context);
        return spec.kubernetes() && spec.workspaceSize() != null;
    }
}
