package dev.sandpod.agent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static dev.sandpod.agent.AgentHarness.JSON;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The agent's memory stays bounded whatever the commands print: twelve {@code seq 1 1000000}
 * (6.9 MB of output each) leave it under 128 MB resident. Measured on the agent as users run it:
 * the distribution's launcher as a process (its heap cap included), or, with
 * {@code SANDPOD_AGENT_URL}, the agent in a container (bin/test gives it a memory limit), whose
 * {@code /server_info} reports its resident memory.
 */
class AgentMemoryIT {

    static final long LIMIT_BYTES = 128L * 1024 * 1024;
    private static final Path LAUNCHER = Path.of("target/sandpod-agent/bin/sandpod-agent");

    @Test
    void twelveMillionLineOutputsLeaveTheAgentUnder128Megabytes() throws Exception {
        if (AgentHarness.remote()) {
            try (AgentHarness agent = AgentHarness.start()) {
                long rss = runAndMeasure(agent.uri(""), agent.key(), () -> agentRss(agent));
                assertTrue(rss < LIMIT_BYTES, "agent RSS " + rss / (1024 * 1024) + " MB after 12 runs of seq 1 1000000");
            }
            return;
        }
        Assumptions.assumeTrue(Files.isExecutable(LAUNCHER), "the distribution is built by mvn package: " + LAUNCHER.toAbsolutePath());
        Path dir = Files.createTempDirectory("sandpod-agent-memory-");
        String key = "memory-it-" + System.nanoTime();
        ProcessBuilder builder = new ProcessBuilder(LAUNCHER.toString(), "--port", "0", "--host", "127.0.0.1",
                "--working-dir", dir.toString()).redirectErrorStream(true);
        builder.environment().put("SESSION_API_KEY", key);
        Process process = builder.start();
        try {
            int port = AgentHarness.readyPort(process);
            long rss = runAndMeasure(URI.create("http://127.0.0.1:" + port), key, () -> processRss(process.pid()));
            assertTrue(rss < LIMIT_BYTES, "agent RSS " + rss / (1024 * 1024) + " MB after 12 runs of seq 1 1000000");
        } finally {
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }

    private interface Rss {
        long bytes() throws Exception;
    }

    private static long runAndMeasure(URI base, String key, Rss rss) throws Exception {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        ObjectNode action = JSON.createObjectNode().put("action", "run");
        action.putObject("args").put("command", "seq 1 1000000").put("is_input", false);
        action.put("timeout", 120.0);
        String body = JSON.writeValueAsString(JSON.createObjectNode().set("action", action));
        long before = rss.bytes();
        for (int i = 0; i < 12; i++) {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + "/execute_action"))
                    .timeout(Duration.ofSeconds(300)).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body));
            if (key != null) {
                request.header("X-Session-API-Key", key);
            }
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, response.statusCode(), response.body());
            JsonNode o = JSON.readTree(response.body());
            assertTrue(o.path("content").asText().endsWith("999999\n1000000"), "run " + i + ": " + response.body().length() + " chars");
        }
        long after = rss.bytes();
        System.out.printf("agent RSS: %d MB before, %d MB after 12 x seq 1 1000000%n", before >> 20, after >> 20);
        return after;
    }

    private static long agentRss(AgentHarness agent) throws Exception {
        JsonNode info = JSON.readTree(agent.get("/server_info", true).body());
        long rss = info.path("resources").path("memory").path("agent_rss").asLong(-1);
        assertTrue(rss > 0, "/server_info reports no agent_rss: " + info);
        return rss;
    }

    private static long processRss(long pid) throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("\\D+", "")) * 1024;
            }
        }
        throw new AssertionError("no VmRSS for pid " + pid);
    }
}
