package dev.sandpod.operator.session;

import dev.sandpod.api.session.SandboxSession;
import dev.sandpod.api.session.SandboxSessionSpec;
import dev.sandpod.api.session.SessionUser;
import dev.sandpod.operator.runtime.SandboxRequest;
import io.fabric8.kubernetes.api.model.EnvVar;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What the docker and process runtimes receive for a session. */
class LocalSandboxRequestTest {

    @Test
    void requestCarriesTheResolvedSpecAndTheKey() {
        SandboxSessionSpec spec = new SandboxSessionSpec();
        spec.setImage("python:3.12-slim");
        spec.setWorkingDir("/work");
        SessionUser user = new SessionUser();
        user.setName("dev");
        user.setUid(1001);
        spec.setUser(user);
        spec.setEnv(List.of(new EnvVar("FOO", "bar", null), new EnvVar("EMPTY", null, null)));
        spec.setPlugins(List.of("jupyter"));
        SandboxSession session = TestSessions.session("local", spec);

        SandboxRequest request = LocalSandbox.request(session, TestSessions.resolve(session), "the-key");
        assertEquals("team-a", request.namespace());
        assertEquals("local", request.name());
        assertEquals("uid-local", request.uid());
        assertEquals("python:3.12-slim", request.image());
        assertEquals("/work", request.workingDir());
        assertEquals("dev", request.userName());
        assertEquals(1001, request.userId());
        assertFalse(request.root());
        assertEquals(Map.of("FOO", "bar", "EMPTY", ""), request.env());
        assertEquals(List.of("jupyter"), request.plugins());
        assertEquals(10, request.noChangeSeconds());
        assertEquals("the-key", request.apiKey());
        assertFalse(request.toString().contains("the-key"));
        assertTrue(request.toString().contains("team-a/local"));
    }
}
