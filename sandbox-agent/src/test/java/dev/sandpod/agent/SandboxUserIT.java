package dev.sandpod.agent;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.condition.EnabledIf;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Who the shell runs as when the agent runs as root, and what the agent changes on the machine:
 * users only with {@code --create-user} (a sandbox's own container), sudoers never. Needs this host
 * and root, so it skips against a remote agent and for non-root runs (CI runs as root).
 */
@EnabledIf(value = "rootOnThisHost", disabledReason = "creates users on this host: needs root and an in-process agent (not SANDPOD_AGENT_URL)")
class SandboxUserIT {

    static boolean rootOnThisHost() throws IOException {
        return !AgentHarness.remote() && SandboxUserSetup.currentUid() == 0;
    }

    /** A user name and a uid that this host does not have (yet). */
    record UnknownUser(String name, int uid) {
        static UnknownUser fresh(String tag) throws IOException {
            String passwd = Files.readString(Path.of("/etc/passwd"));
            int uid;
            do {
                uid = ThreadLocalRandom.current().nextInt(20_000, 30_000);
            } while (passwd.contains(":" + uid + ":"));
            return new UnknownUser("sp-" + tag + "-" + Long.toString(ProcessHandle.current().pid(), 36), uid);
        }

        boolean exists() throws IOException {
            return Files.readAllLines(Path.of("/etc/passwd")).stream().anyMatch(l -> l.startsWith(name + ":"));
        }

        void remove() throws Exception {
            new ProcessBuilder("userdel", "--remove", name).redirectErrorStream(true).start().waitFor(30, TimeUnit.SECONDS);
        }
    }

    private static Path sudoers(String user) {
        return Path.of("/etc/sudoers.d/sandpod-" + user);
    }

    @Test
    void outsideASandboxAMissingUserIsAnErrorAndNothingIsCreated() throws Exception {
        UnknownUser user = UnknownUser.fresh("missing");
        boolean sudoersDirBefore = Files.isDirectory(Path.of("/etc/sudoers.d"));
        Exception e = assertThrows(Exception.class, () -> AgentHarness.start("--username", user.name(),
                "--user-id", Integer.toString(user.uid())).close());
        assertTrue(e.getMessage().contains("user " + user.name() + " does not exist here"), e.getMessage());
        assertTrue(e.getMessage().contains("--create-user"), e.getMessage());
        assertFalse(user.exists(), "the agent created " + user.name() + " on this host");
        assertFalse(Files.exists(sudoers(user.name())), "the agent wrote " + sudoers(user.name()));
        assertEquals(sudoersDirBefore, Files.isDirectory(Path.of("/etc/sudoers.d")), "the agent created /etc/sudoers.d");
    }

    /** An agent started by hand as root with --username naming a user that exists on this host. */
    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class ExistingUserOnAHost {
        TestUser user;
        AgentHarness agent;
        Path workingDir;

        @BeforeAll
        void start() throws Exception {
            user = TestUser.create("sp-host-");
            Path parent = Files.createTempDirectory("sandpod-user-it-");
            Files.setPosixFilePermissions(parent, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
            workingDir = parent.resolve("new-workspace");
            agent = AgentHarness.start("--username", user.name(), "--working-dir", workingDir.toString());
        }

        @AfterAll
        void stop() throws Exception {
            if (agent != null) {
                agent.close();
            }
            user.remove();
            new ProcessBuilder("rm", "-rf", workingDir.getParent().toString()).start().waitFor(30, TimeUnit.SECONDS);
        }

        @Test
        void theShellRunsAsThatUser() throws Exception {
            JsonNode o = agent.run("id -un; id -u; echo $HOME");
            assertEquals(user.name() + "\n" + user.uid() + "\n/home/" + user.name(), o.path("content").asText());
        }

        @Test
        void noSudoersFileIsWritten() {
            assertFalse(Files.exists(sudoers(user.name())), "the agent granted sudo in " + sudoers(user.name()));
        }

        @Test
        void aWorkingDirTheAgentCreatedBelongsToTheUser() throws Exception {
            assertEquals(user.uid(), (int) Files.getAttribute(workingDir, "unix:uid"));
            assertEquals(0, AgentHarness.exitCode(agent.run("touch " + workingDir.resolve("mine"))));
            assertEquals(user.uid(), (int) Files.getAttribute(workingDir.resolve("mine"), "unix:uid"));
        }
    }

    /** In a sandbox's own container (--create-user), as the runtimes start it: the user is created. */
    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class CreatedInASandbox {
        UnknownUser user;
        AgentHarness agent;

        @BeforeAll
        void start() throws Exception {
            user = UnknownUser.fresh("sbx");
            agent = AgentHarness.start("--create-user", "--username", user.name(), "--user-id", Integer.toString(user.uid()));
        }

        @AfterAll
        void stop() throws Exception {
            if (agent != null) {
                agent.close();
            }
            user.remove();
        }

        @Test
        void theShellRunsAsTheCreatedUser() throws Exception {
            JsonNode o = agent.run("id -un; id -u; echo $HOME; getent passwd " + user.name() + " | cut -d: -f7");
            assertEquals(user.name() + "\n" + user.uid() + "\n/home/" + user.name() + "\n/bin/bash", o.path("content").asText());
            assertEquals(user.name(), o.path("extras").path("metadata").path("username").asText());
        }

        @Test
        void filesTheShellCreatesBelongToTheUser() throws Exception {
            agent.run("cd " + agent.workingDir() + " && touch made-by-shell && mkdir made-dir");
            assertEquals(user.uid(), (int) Files.getAttribute(agent.workingDir().resolve("made-by-shell"), "unix:uid"));
            assertEquals(user.uid(), (int) Files.getAttribute(agent.workingDir().resolve("made-dir"), "unix:uid"));
        }

        @Test
        void theExistingWorkingDirIsHandedToTheUserAndGroupWritable() throws Exception {
            assertEquals(user.uid(), (int) Files.getAttribute(agent.workingDir(), "unix:uid"));
            String mode = java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(agent.workingDir()));
            assertEquals('w', mode.charAt(4), mode);
        }

        @Test
        void noSudoIsGranted() throws Exception {
            assertFalse(Files.exists(sudoers(user.name())), "the agent granted sudo in " + sudoers(user.name()));
            if (Files.isExecutable(Path.of("/usr/bin/sudo"))) {
                JsonNode o = agent.run("sudo -n true; echo exit=$?");
                assertTrue(o.path("content").asText().contains("exit=1"), o.path("content").asText());
            }
        }
    }
}
