package dev.sandpod.operator.session;

import dev.sandpod.api.session.SandboxSession;
import dev.sandpod.operator.OperatorConfig;

/** Names of the objects a session owns: deterministic, so a restarted operator finds them again. */
public final class SessionNames {

    private SessionNames() {
    }

    public static String pod(SandboxSession session) {
        return session.getMetadata().getName() + "-sandbox";
    }

    public static String secret(SandboxSession session) {
        return session.getMetadata().getName() + "-token";
    }

    /** The Service is named after the session, so the endpoint reads NAME.NAMESPACE.svc. */
    public static String service(SandboxSession session) {
        return session.getMetadata().getName();
    }

    /** The NetworkPolicy is named like the pod it selects. */
    public static String networkPolicy(SandboxSession session) {
        return pod(session);
    }

    public static String workspaceClaim(SandboxSession session) {
        return session.getMetadata().getName() + "-workspace";
    }

    public static String endpoint(SandboxSession session) {
        return "http://" + service(session) + "." + session.getMetadata().getNamespace() + ".svc:"
                + OperatorConfig.AGENT_PORT;
    }
}
