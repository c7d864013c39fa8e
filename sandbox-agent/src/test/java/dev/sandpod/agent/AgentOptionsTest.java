package dev.sandpod.agent;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AgentOptionsTest {

    @Test
    void defaults() throws Exception {
        AgentOptions options = AgentOptions.parse();
        assertEquals(47000, options.port());
        assertNull(options.host(), "decided at start from SESSION_API_KEY (ListenAddress)");
        assertFalse(options.createUser());
        assertFalse(options.allowNoKey());
        assertEquals(Path.of("").toAbsolutePath(), options.workingDir());
        assertNull(options.username());
        assertEquals(Duration.ofSeconds(10), options.noChangeTimeout());
        assertEquals(List.of(), options.plugins());
    }

    @Test
    void allFlags() throws Exception {
        AgentOptions options = AgentOptions.parse("--port", "8000", "--host=127.0.0.1", "--working-dir", "/workspace",
                "--username", "sandbox", "--user-id", "1000", "--no-change-timeout", "3", "--create-user", "--allow-no-key",
                "--plugins", "jupyter,agent_skills", "vscode");
        assertTrue(options.createUser());
        assertTrue(options.allowNoKey());
        assertEquals(8000, options.port());
        assertEquals("127.0.0.1", options.host());
        assertEquals(Path.of("/workspace"), options.workingDir());
        assertEquals("sandbox", options.username());
        assertEquals(1000, options.userId());
        assertEquals(Duration.ofSeconds(3), options.noChangeTimeout());
        assertEquals(List.of("jupyter", "agent_skills", "vscode"), options.plugins());
    }

    @Test
    void createUserAlsoFromTheEnvironment() throws Exception {
        assertTrue(AgentOptions.parse().withEnvironment(java.util.Map.of("SANDPOD_CREATE_USER", "true")).createUser());
        assertFalse(AgentOptions.parse().withEnvironment(java.util.Map.of("SANDPOD_CREATE_USER", "no")).createUser());
        assertFalse(AgentOptions.parse().withEnvironment(java.util.Map.of()).createUser());
        assertTrue(AgentOptions.parse("--create-user").withEnvironment(java.util.Map.of()).createUser());
    }

    @Test
    void badFlagsSayWhatIsWrongWithExitCode2() {
        assertUsage("Unknown option --bogus", "--bogus");
        assertUsage("--port must be a whole number", "--port", "http");
        assertUsage("--port must be between 0 and 65535", "--port", "70000");
        assertUsage("needs a value", "--working-dir");
        assertUsage("Unexpected argument", "stray");
        assertUsage("--create-user takes no value", "--create-user=yes");
    }

    @Test
    void helpExitsWithZero() {
        AgentOptions.UsageException help = assertThrows(AgentOptions.UsageException.class, () -> AgentOptions.parse("--help"));
        assertEquals(0, help.exitCode());
        assertTrue(help.getMessage().contains("--no-change-timeout"));
    }

    private static void assertUsage(String expected, String... args) {
        AgentOptions.UsageException e = assertThrows(AgentOptions.UsageException.class, () -> AgentOptions.parse(args));
        assertEquals(2, e.exitCode());
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }
}
