package dev.sandpod.operator.session;

import dev.sandpod.api.session.SandboxSession;
import dev.sandpod.operator.OperatorConfig;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.CRUDKubernetesDependentResource;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;

/** The ClusterIP Service named after the session, so callers reach the agent at NAME.NAMESPACE.svc:47000. */
@KubernetesDependent(informer = @Informer(labelSelector = SessionLabels.SELECTOR))
public class AgentServiceDependent extends CRUDKubernetesDependentResource<Service, SandboxSession> {

    public AgentServiceDependent() {
        super(Service.class);
    }

    @Override
    protected Service desired(SandboxSession session, Context<SandboxSession> context) {
        return build(session);
    }

    static Service build(SandboxSession session) {
        return new ServiceBuilder()
                .withMetadata(OwnedObjects.metadata(session, SessionNames.service(session)))
                .withNewSpec()
                .withType("ClusterIP")
                .withSelector(SessionLabels.podSelector(session))
                .addNewPort()
                .withName("agent")
                .withProtocol("TCP")
                .withPort(OperatorConfig.AGENT_PORT)
                .withTargetPort(new IntOrString(OperatorConfig.AGENT_PORT))
                .endPort()
                .endSpec()
                .build();
    }
}
