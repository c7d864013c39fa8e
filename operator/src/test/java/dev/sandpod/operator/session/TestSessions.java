package dev.sandpod.operator.session;

import dev.sandpod.api.session.SandboxSession;
import dev.sandpod.api.session.SandboxSessionSpec;
import dev.sandpod.api.session.SessionRuntime;
import dev.sandpod.operator.OperatorConfig;
import dev.sandpod.operator.Runtimes;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;

/** Sessions for unit tests, as the API server would hand them to the operator. */
final class TestSessions {

    private TestSessions() {
    }

    static SandboxSession session(String name, SandboxSessionSpec spec) {
        SandboxSession session = new SandboxSession();
        session.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace("team-a")
                .withUid("uid-" + name).withGeneration(1L).build());
        session.setSpec(spec);
        return session;
    }

    static ResolvedSpec resolve(SandboxSession session) {
        return new SessionSpecResolver(OperatorConfig.defaults(SessionRuntime.KUBERNETES), Runtimes.kubernetesOnly())
                .resolve(session);
    }
}
