package dev.sandpod.operator.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SandboxNamesTest {

    @Test
    void namesOfDifferentSessionsNeverCollide() {
        assertNotEquals(SandboxNames.containerName("a-b", "c"), SandboxNames.containerName("a", "b-c"));
        assertEquals("sandpod-team_my.session", SandboxNames.containerName("team", "my.session"));
        assertEquals("sandpod-team_s1-workspace", SandboxNames.volumeName("team", "s1"));
    }

    @Test
    void invalidNamesAreRejectedWithWhatToFix() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SandboxNames.validate("default", "../etc"));
        assertTrue(e.getMessage().contains("'../etc'") && e.getMessage().contains("lowercase"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> SandboxNames.validate("a.b", "ok"));
        assertThrows(IllegalArgumentException.class, () -> SandboxNames.validate("default", "Upper"));
        assertThrows(IllegalArgumentException.class, () -> SandboxNames.validate(null, "x"));
        SandboxNames.validate("local", "my-session.1");
    }

    @Test
    void labelsCarryNamespaceNameUidAndOwner() {
        SandboxRequest request = new SandboxRequest("ns", "s", "u-1", null, null, null, null, 0, false, Map.of(),
                List.of(), 0, "k");
        assertEquals(Map.of("app.kubernetes.io/managed-by", "sandpod", "sandpod.dev/namespace", "ns",
                "sandpod.dev/name", "s", "sandpod.dev/uid", "u-1"), SandboxNames.labels(request));
    }

    @Test
    void agentArgumentsUseDefaultsAndPutPluginsLast() {
        SandboxRequest plain = new SandboxRequest("ns", "s", "u", null, null, null, null, 0, false, null, null, 0, "k");
        assertEquals(List.of("--port", "47000", "--working-dir", "/workspace", "--username", "sandbox", "--user-id", "1000"),
                AgentArguments.of(plain, 47000, AgentArguments.workingDir(plain), AgentArguments.userName(plain),
                        AgentArguments.userId(plain)));
        SandboxRequest root = new SandboxRequest("ns", "s", "u", null, null, "/src", "dev", 1001, true, null,
                List.of("jupyter", "browser"), 15, "k");
        assertEquals(List.of("--port", "1", "--working-dir", "/src", "--username", "root", "--user-id", "0",
                        "--no-change-timeout", "15", "--plugins", "jupyter", "browser"),
                AgentArguments.of(root, 1, AgentArguments.workingDir(root), AgentArguments.userName(root),
                        AgentArguments.userId(root)));
    }

    @Test
    void environmentKeepsTheSessionKeyAndRejectsBadNames() {
        SandboxRequest request = new SandboxRequest("ns", "s", "u", null, null, null, null, 0, false,
                Map.of("A", "1", "SESSION_API_KEY", "override"), List.of(), 0, "the-key");
        assertEquals(Map.of("A", "1", "SESSION_API_KEY", "the-key"), SandboxEnvironment.of(request));
        SandboxRequest bad = new SandboxRequest("ns", "s", "u", null, null, null, null, 0, false,
                Map.of("A=B", "1"), List.of(), 0, "k");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SandboxEnvironment.of(bad));
        assertTrue(e.getMessage().contains("'A=B'") && e.getMessage().contains("spec.env"), e.getMessage());
    }

    @Test
    void imageReferencesKeepTheirTagOrGetLatest() {
        assertEquals("sandpod/sandbox", SandboxImages.repository("sandpod/sandbox:dev"));
        assertEquals("dev", SandboxImages.tag("sandpod/sandbox:dev"));
        assertEquals("latest", SandboxImages.tag("localhost:5000/sandbox"));
        assertEquals("localhost:5000/sandbox", SandboxImages.repository("localhost:5000/sandbox"));
        assertEquals("repo@sha256:abc", SandboxImages.repository("repo@sha256:abc"));
        assertEquals(null, SandboxImages.tag("repo@sha256:abc"));
    }

    @Test
    void engineMessagesAreUnwrapped() {
        assertEquals("pull access denied", DockerConnection.message(
                new RuntimeException("Status 500: {\"message\":\"pull access denied\"}\n")));
        assertEquals("plain", DockerConnection.message(new RuntimeException("plain")));
    }
}
