package dev.sandpod.operator.session;

import dev.sandpod.api.session.SandboxSession;
import dev.sandpod.api.session.SandboxSessionSpec;
import dev.sandpod.api.session.SessionWorkspace;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

/** Secret, Service and workspace claim as built for a session. */
class OwnedObjectsTest {

    private final SandboxSession session = TestSessions.session("demo", new SandboxSessionSpec());

    @Test
    void secretHoldsA32ByteKeyUnderToken() {
        String key = TokenSecretDependent.newApiKey();
        assertEquals(43, key.length(), "32 bytes, base64url without padding");
        assertNotEquals(key, TokenSecretDependent.newApiKey());
        Secret secret = TokenSecretDependent.build(session, key);
        assertEquals("demo-token", secret.getMetadata().getName());
        assertEquals(key, TokenSecretDependent.apiKey(secret).orElseThrow());
        assertEquals("uid-demo", secret.getMetadata().getOwnerReferences().getFirst().getUid());
        assertEquals("sandpod", secret.getMetadata().getLabels().get("app.kubernetes.io/managed-by"));
    }

    @Test
    void serviceIsNamedAfterTheSessionAndSelectsItsPod() {
        Service service = AgentServiceDependent.build(session);
        assertEquals("demo", service.getMetadata().getName());
        assertEquals("ClusterIP", service.getSpec().getType());
        assertEquals(47000, service.getSpec().getPorts().getFirst().getPort());
        assertEquals(47000, service.getSpec().getPorts().getFirst().getTargetPort().getIntVal());
        assertEquals(Map.of("app.kubernetes.io/managed-by", "sandpod", "sandpod.dev/session", "demo"),
                service.getSpec().getSelector());
        assertEquals("http://demo.team-a.svc:47000", SessionNames.endpoint(session));
    }

    @Test
    void claimRequestsTheWorkspaceSize() {
        SandboxSessionSpec spec = new SandboxSessionSpec();
        SessionWorkspace workspace = new SessionWorkspace();
        workspace.setSize(new Quantity("5Gi"));
        workspace.setStorageClassName("fast");
        spec.setWorkspace(workspace);
        SandboxSession sized = TestSessions.session("demo", spec);
        var claim = WorkspaceClaimDependent.build(sized, TestSessions.resolve(sized));
        assertEquals("demo-workspace", claim.getMetadata().getName());
        assertEquals(new Quantity("5Gi"), claim.getSpec().getResources().getRequests().get("storage"));
        assertEquals("fast", claim.getSpec().getStorageClassName());
        assertEquals("uid-demo", claim.getMetadata().getOwnerReferences().getFirst().getUid());
    }
}
