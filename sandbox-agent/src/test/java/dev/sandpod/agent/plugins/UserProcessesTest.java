package dev.sandpod.agent.plugins;

import dev.sandpod.agent.SandboxUser;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class UserProcessesTest {

    private static final SandboxUser USER = new SandboxUser("sandbox", 1000, 1000, Path.of("/home/sandbox"));

    @Test
    void pluginsAreWrappedExactlyAsTheShellIs() {
        UserProcesses users = UserProcesses.likeShell(USER,
                List.of("/usr/bin/setpriv", "--reuid=1000", "--regid=1000", "--init-groups", "--", "/bin/bash", "--noprofile", "-i"),
                Map.of("HOME", "/home/sandbox"));
        assertEquals(List.of("/usr/bin/setpriv", "--reuid=1000", "--regid=1000", "--init-groups", "--", "python3", "-V"),
                users.builder(List.of("python3", "-V"), Path.of("/")).command());
        assertEquals(Map.of("HOME", "/home/sandbox"), users.builder(List.of("true"), Path.of("/")).environment());
    }

    @Test
    void withoutAWrapperTheyRunAsTheAgentUnlessThatWouldBeRootForAnotherUser() throws Exception {
        SandboxUser self = new SandboxUser("me", currentUid(), currentUid(), Path.of("/"));
        UserProcesses users = UserProcesses.likeShell(self, List.of("/bin/bash", "--noprofile", "-i"), Map.of());
        assertEquals(List.of("python3"), users.builder(List.of("python3"), Path.of("/")).command());
        if (currentUid() == 0) {
            UserProcesses unsafe = UserProcesses.likeShell(USER, List.of("/bin/bash", "-i"), Map.of());
            String message = assertThrows(IllegalStateException.class, () -> unsafe.builder(List.of("chromium"), Path.of("/"))).getMessage();
            assertTrue(message.contains("refusing to run it as root"), message);
        }
    }

    private static int currentUid() throws java.io.IOException {
        return (int) java.nio.file.Files.getAttribute(Path.of("/proc/self"), "unix:uid");
    }
}
