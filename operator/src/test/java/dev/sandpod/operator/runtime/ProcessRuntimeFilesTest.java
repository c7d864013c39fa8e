package dev.sandpod.operator.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProcessRuntimeFilesTest {

    @TempDir
    Path temp;

    @Test
    void agentHomeIsFoundByWalkingUpFromTheWorkingDirectory() throws IOException {
        Path home = temp.resolve("repo/sandbox-agent/target/sandpod-agent");
        Files.createDirectories(home.resolve("bin"));
        Files.writeString(home.resolve("bin/sandpod-agent"), "#!/bin/sh\n");
        Path deep = Files.createDirectories(temp.resolve("repo/operator/src"));
        assertEquals(home, AgentHome.locateFrom(deep));
        assertEquals(temp.resolve("elsewhere").resolve(AgentHome.IN_REPOSITORY),
                AgentHome.locateFrom(Files.createDirectories(temp.resolve("elsewhere"))));
    }

    @Test
    void logTailGivesTheLastLines() throws IOException {
        Path log = temp.resolve("agent.log");
        StringBuilder text = new StringBuilder();
        for (int i = 1; i <= 5000; i++) {
            text.append("line ").append(i).append('\n');
        }
        Files.writeString(log, text);
        assertEquals("line 4998\nline 4999\nline 5000\n", LogTail.lastLines(log, 3));
        Files.writeString(log, "a\nb\nno newline at the end");
        assertEquals("b\nno newline at the end", LogTail.lastLines(log, 2));
        assertEquals("a\nb\nno newline at the end", LogTail.lastLines(log, 20));
        assertEquals("", LogTail.lastLines(temp.resolve("missing.log"), 20));
        Files.writeString(log, "");
        assertEquals("", LogTail.lastLines(log, 20));
    }

    @Test
    void pidFileRoundTrips() throws IOException {
        AgentPidFile recorded = new AgentPidFile(4711, 1_700_000_000_000L, 40123, temp.resolve("ws"));
        recorded.write(temp);
        assertEquals(recorded, AgentPidFile.read(temp).orElseThrow());
        AgentPidFile.remove(temp);
        assertEquals(java.util.Optional.empty(), AgentPidFile.read(temp));
        Files.writeString(temp.resolve(AgentPidFile.FILE), "pid=garbage");
        assertEquals(java.util.Optional.empty(), AgentPidFile.read(temp));
    }
}
