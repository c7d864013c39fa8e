package dev.sandpod.operator.session;

import dev.sandpod.api.session.SandboxSession;
import dev.sandpod.operator.OperatorConfig;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.CRUDKubernetesDependentResource;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;

/**
 * The ClusterIP Service named after the session, so callers reach the agent at NAME.NAMESPACE.svc:47000.
 *
 * <p>java-operator-sdk creates by server-side apply with {@code resourceVersion: "1"}, so that an
 * existing object of that name fails the apply instead of being taken over. The Service storage of
 * older API servers (before 1.24: Kubernetes 1.20 and 1.22 among them; kubernetes#106745,
 * java-operator-sdk#2033) refuses such an apply with "resourceVersion should not be set on objects
 * to be created", and the session would stay Pending. There, and only there, the Service is created
 * by a plain create, which keeps the guarantee (409 when the name is taken); updates are
 * server-side applied as everywhere.
 */
@KubernetesDependent(informer = @Informer(labelSelector = SessionLabels.SELECTOR))
public class AgentServiceDependent extends CRUDKubernetesDependentResource<Service, SandboxSession> {

    public AgentServiceDependent() {
        super(Service.class);
    }

    /**
     * Whether this API server refuses the create-only apply of a Service: null until known. Known
     * from its version first (the Service storage was rewritten in Kubernetes 1.24), and from its
     * answer if that guess is wrong; asked once, because the client retries the refusal (a 500)
     * with back-off for about 15 s before giving up, which every session would otherwise wait.
     */
    private volatile Boolean refusesCreateOnlyApply;

    @Override
    public Service create(Service desired, SandboxSession session, Context<SandboxSession> context) {
        if (!useSSA(context)) {
            return super.create(desired, session, context); // a plain create anyway
        }
        if (refusesCreateOnlyApply == null) {
            try {
                refusesCreateOnlyApply = olderThan124(context.getClient().getKubernetesVersion());
            } catch (KubernetesClientException e) {
                refusesCreateOnlyApply = false; // no /version: try the apply, and learn from the answer
            }
        }
        if (!refusesCreateOnlyApply) {
            try {
                return super.create(desired, session, context);
            } catch (KubernetesClientException e) {
                if (!refusesResourceVersionOnCreate(e)) {
                    throw e;
                }
                refusesCreateOnlyApply = true;
            }
        }
        desired.getMetadata().setResourceVersion(null);
        return prepare(context, desired, session, "Creating").create();
    }

    static boolean olderThan124(io.fabric8.kubernetes.client.VersionInfo version) {
        try {
            int major = Integer.parseInt(version.getMajor().replaceAll("[^0-9]", ""));
            int minor = Integer.parseInt(version.getMinor().replaceAll("[^0-9]", ""));
            return major == 1 && minor < 24;
        } catch (RuntimeException e) {
            return false; // unknown: try the apply, and learn from the answer
        }
    }

    /** The answer of an API server whose Service storage does not take a create-only server-side apply. */
    static boolean refusesResourceVersionOnCreate(KubernetesClientException e) {
        String message = e.getStatus() != null && e.getStatus().getMessage() != null ? e.getStatus().getMessage() : e.getMessage();
        return message != null && message.contains("resourceVersion should not be set on objects to be created");
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
