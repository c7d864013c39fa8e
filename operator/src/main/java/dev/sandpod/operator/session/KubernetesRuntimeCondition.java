package dev.sandpod.operator.session;

import dev.sandpod.api.session.SandboxSession;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.dependent.DependentResource;
import io.javaoperatorsdk.operator.processing.dependent.workflow.Condition;

/** Pod, Service and claim exist only for sessions that run on Kubernetes. */
public class KubernetesRuntimeCondition implements Condition<Object, SandboxSession> {

    @Override
    public boolean isMet(DependentResource<Object, SandboxSession> dependent, SandboxSession session,
                         Context<SandboxSession> context) {
        return OwnedObjects.resolvedSpec(context).kubernetes();
    }
}
