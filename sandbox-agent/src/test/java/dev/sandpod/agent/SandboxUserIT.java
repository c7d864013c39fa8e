package dev.sandpod.agent;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * An agent running as root creates the sandbox user and runs the shell as that user. Needs this
 * host and root, so it skips against a remote agent and for non-root runs (CI runs as root).
 */
@EnabledIf(value = "rootOnThisHost", disabledReason = "creates a user on this host: needs root and an in-process agent (not SANDPOD_AGENT_URL)")
class SandboxUserIT {

    static boolean rootOnThisHost() throws java.io.IOException {
        return !AgentHarness.remote() && SandboxUserSetup.currentUid() == 0;
    }

    static AgentHarness agent;
    static String username;
    static int uid;

    @BeforeAll
    static void start() throws Exception {
        username = "sandpod-it-" + Long.toString(ProcessHandle.current().pid(), 36);
        String passwd = Files.readString(Path.of("/etc/passwd"));
        do {
            uid = ThreadLocalRandom.current().nextInt(20_000, 30_000);
        } while (passwd.contains(":" + uid + ":"));
        agent = AgentHarness.start("--username", username, "--user-id", Integer.toString(uid));
    }

    @AfterAll
    static void stop() throws Exception {
        if (agent != null) {
            agent.close();
            new ProcessBuilder("userdel", "--remove", username).inheritIO().start().waitFor(30, TimeUnit.SECONDS);
            Files.deleteIfExists(Path.of("/etc/sudoers.d/sandpod-" + username));
        }
    }

    @Test
    void theShellRunsAsTheCreatedUser() throws Exception {
        JsonNode o = agent.run("id -un; id -u; echo $HOME; getent passwd " + username + " | cut -d: -f7");
        assertEquals(username + "\n" + uid + "\n/home/" + username + "\n/bin/bash", o.path("content").asText());
        assertEquals(username, o.path("extras").path("metadata").path("username").asText());
    }

    @Test
    void filesTheShellCreatesBelongToTheUser() throws Exception {
        agent.run("cd " + agent.workingDir() + " && touch made-by-shell && mkdir made-dir");
        assertEquals(uid, (int) Files.getAttribute(agent.workingDir().resolve("made-by-shell"), "unix:uid"));
        assertEquals(uid, (int) Files.getAttribute(agent.workingDir().resolve("made-dir"), "unix:uid"));
    }

    @Test
    void theWorkingDirBelongsToTheUserAndIsGroupWritable() throws Exception {
        assertEquals(uid, (int) Files.getAttribute(agent.workingDir(), "unix:uid"));
        String mode = java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(agent.workingDir()));
        assertEquals('w', mode.charAt(4), mode);
    }

    @Test
    void theUserHasPasswordlessSudo() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/sudo")), "sudo is not installed");
        assertEquals("root", agent.run("sudo -n id -un").path("content").asText());
    }
}
