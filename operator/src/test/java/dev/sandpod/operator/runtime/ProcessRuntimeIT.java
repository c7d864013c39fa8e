package dev.sandpod.operator.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The process runtime with a stand-in agent: a bash launcher that records how it was started and
 * serves its working directory with the JDK's jwebserver, started as a child so that killing only
 * the launcher would leave a server behind.
 */
class ProcessRuntimeIT {

    private static final Duration UP = Duration.ofSeconds(60);

    @TempDir
    Path temp;
    private Path agentHome;
    private Path sessions;
    private ProcessRuntime runtime;

    @BeforeEach
    void fixtureAgent() throws IOException {
        agentHome = temp.resolve("agent");
        sessions = temp.resolve("sessions");
        Path launcher = Files.createDirectories(agentHome.resolve("bin")).resolve("sandpod-agent");
        String java = Path.of(System.getProperty("java.home"), "bin", "jwebserver").toString();
        Files.writeString(launcher, """
                #!/bin/bash
                args="$*"
                while [ $# -gt 0 ]; do
                  case "$1" in
                    --port) port=$2; shift 2 ;;
                    --working-dir) workdir=$2; shift 2 ;;
                    *) shift ;;
                  esac
                done
                printf '%s\\n' "$args" > "$workdir/args.txt"
                printf '%s' "$SESSION_API_KEY" > "$workdir/key.txt"
                echo "fixture agent on port $port in $PWD"
                if [ -n "${FIXTURE_EXIT:-}" ]; then
                  for i in $(seq 1 30); do echo "log line $i"; done
                  echo "fatal: told to exit with $FIXTURE_EXIT" >&2
                  exit "$FIXTURE_EXIT"
                fi
                JWEBSERVER -b 127.0.0.1 -p "$port" -d "$workdir" &
                echo $! > "$workdir/../server.pid"
                wait
                """.replace("JWEBSERVER", java));
        Files.setPosixFilePermissions(launcher, PosixFilePermissions.fromString("rwxr-xr-x"));
        runtime = new ProcessRuntime(agentHome, sessions);
    }

    @AfterEach
    void stop() {
        runtime.close();
    }

    @Test
    void startsTheAgentOnAFreeLoopbackPortWithTheKeyInItsEnvironmentOnly() throws Exception {
        SandboxState state = runtime.ensure(request("s1", Map.of(), null));
        assertEquals(SandboxState.Phase.RUNNING, state.phase(), state::toString);
        assertTrue(state.endpoint().matches("http://127\\.0\\.0\\.1:\\d+"), state.endpoint());
        String port = state.endpoint().substring(state.endpoint().lastIndexOf(':') + 1);
        Path workspace = sessions.resolve("local/s1/workspace");

        String args = Http.awaitOk(state.endpoint() + "/args.txt", UP).strip();
        int uid = (Integer) Files.getAttribute(temp, "unix:uid");
        assertEquals("--host 127.0.0.1 --port " + port + " --working-dir " + workspace + " --username "
                + System.getProperty("user.name") + " --user-id " + uid + " --no-change-timeout 5 --plugins agent_skills", args);
        assertEquals("key-s1", Files.readString(workspace.resolve("key.txt")));
        assertTrue(ProcessHandle.of(Long.parseLong(state.containerId())).orElseThrow().info().arguments()
                .map(a -> !String.join(" ", a).contains("key-s1")).orElse(true));
        assertTrue(runtime.logs("local", "s1", 5).contains("fixture agent on port " + port + " in " + workspace));

        SandboxState again = runtime.ensure(request("s1", Map.of(), null));
        assertEquals(state, again);
        assertEquals(state, runtime.inspect("local", "s1"));
    }

    @Test
    void agentThatExitsIsFailedWithItsExitCodeAndLastLines() throws Exception {
        SandboxState started = runtime.ensure(request("s2", Map.of("FIXTURE_EXIT", "3"), null));
        Http.await(() -> runtime.inspect("local", "s2").phase() == SandboxState.Phase.FAILED, UP,
                () -> "never FAILED: " + runtime.inspect("local", "s2"));
        SandboxState failed = runtime.inspect("local", "s2");
        assertEquals("AgentExited", failed.reason());
        assertTrue(failed.message().contains("exited with code 3"), failed.message());
        assertTrue(failed.message().contains("log line 12") && failed.message().contains("fatal: told to exit with 3"),
                failed.message());
        assertFalse(failed.message().contains("log line 11"), failed.message());

        SandboxState again = runtime.ensure(request("s2", Map.of("FIXTURE_EXIT", "3"), null));
        assertEquals(SandboxState.Phase.FAILED, again.phase(), "an exited agent is reported, not restarted");
        assertEquals(started.containerId(), again.containerId());
    }

    @Test
    void deleteKillsTheAgentAndWhatItStartedAndIsIdempotent() throws Exception {
        SandboxState state = runtime.ensure(request("s3", Map.of(), null));
        Http.awaitOk(state.endpoint() + "/args.txt", UP);
        long server = Long.parseLong(Files.readString(sessions.resolve("local/s3/server.pid")).strip());
        long agent = Long.parseLong(state.containerId());
        assertTrue(ProcessHandle.of(server).map(ProcessHandle::isAlive).orElse(false));

        runtime.delete("local", "s3");
        assertFalse(ProcessHandle.of(agent).map(ProcessHandle::isAlive).orElse(false), "agent still runs");
        assertFalse(ProcessHandle.of(server).map(ProcessHandle::isAlive).orElse(false), "the agent's child still runs");
        assertPortClosed(state.endpoint());
        assertFalse(Files.exists(sessions.resolve("local/s3")));
        assertEquals(SandboxState.absent(), runtime.inspect("local", "s3"));
        runtime.delete("local", "s3");
    }

    @Test
    void aRestartedOperatorAdoptsAnAgentThatOutlivedTheOldOne() throws Exception {
        SandboxState state = runtime.ensure(request("s4", Map.of(), null));
        Http.awaitOk(state.endpoint() + "/args.txt", UP);
        // the old operator was killed without close(): its agent still runs, a new runtime finds it
        ProcessRuntime restarted = new ProcessRuntime(agentHome, sessions);
        try {
            assertEquals(state, restarted.inspect("local", "s4"));
            assertEquals(state, restarted.ensure(request("s4", Map.of(), null)));
            restarted.delete("local", "s4");
            assertFalse(ProcessHandle.of(Long.parseLong(state.containerId())).map(ProcessHandle::isAlive).orElse(false));
        } finally {
            restarted.close();
        }
    }

    @Test
    void agentsDieWithTheOperatorAndTheWorkspaceStays() throws Exception {
        SandboxState first = runtime.ensure(request("s5", Map.of(), null));
        Http.awaitOk(first.endpoint() + "/args.txt", UP);
        Files.writeString(sessions.resolve("local/s5/workspace/notes.txt"), "kept");

        runtime.close();
        assertFalse(ProcessHandle.of(Long.parseLong(first.containerId())).map(ProcessHandle::isAlive).orElse(false));
        assertPortClosed(first.endpoint());

        runtime = new ProcessRuntime(agentHome, sessions);
        assertEquals(SandboxState.absent(), runtime.inspect("local", "s5"));
        SandboxState second = runtime.ensure(request("s5", Map.of(), null));
        assertNotEquals(first.containerId(), second.containerId());
        assertEquals("kept", Http.awaitOk(second.endpoint() + "/notes.txt", UP));
    }

    @Test
    void aWorkingDirectoryTheRequestNamesIsUsedAndKept() throws Exception {
        Path project = temp.resolve("project");
        SandboxState state = runtime.ensure(request("s6", Map.of(), project.toString()));
        assertTrue(Http.awaitOk(state.endpoint() + "/args.txt", UP).contains("--working-dir " + project + " "));
        runtime.delete("local", "s6");
        assertTrue(Files.exists(project.resolve("args.txt")));

        SandboxState relative = runtime.ensure(request("s7", Map.of(), "relative/dir"));
        assertEquals("WorkingDirNotWritable", relative.reason());
        assertTrue(relative.message().contains("absolute"), relative.message());
    }

    @Test
    void aMissingAgentIsReportedWithHowToBuildIt() {
        try (ProcessRuntime noAgent = new ProcessRuntime(temp.resolve("nowhere"), sessions)) {
            SandboxState state = noAgent.ensure(request("s8", Map.of(), null));
            assertEquals("AgentNotFound", state.reason());
            assertTrue(state.message().contains(temp.resolve("nowhere/bin/sandpod-agent").toString())
                    && state.message().contains("SANDPOD_AGENT_HOME"), state.message());
        }
    }

    private static SandboxRequest request(String name, Map<String, String> env, String workingDir) {
        return new SandboxRequest("local", name, "uid-" + name, null, null, workingDir, "ignored", 1234, false, env,
                List.of("agent_skills"), 5, "key-" + name);
    }

    private static void assertPortClosed(String endpoint) {
        int port = Integer.parseInt(endpoint.substring(endpoint.lastIndexOf(':') + 1));
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 2000);
            throw new AssertionError("port " + port + " still accepts connections");
        } catch (ConnectException expected) {
            // closed
        } catch (IOException e) {
            throw new AssertionError("port " + port + ": " + e, e);
        }
    }
}
