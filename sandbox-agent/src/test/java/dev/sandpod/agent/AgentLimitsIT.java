package dev.sandpod.agent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import static dev.sandpod.agent.AgentHarness.JSON;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The agent outlives what the sandbox does to it: the shell's processes are the kernel's first
 * choice when memory runs out, and files of any size are read in bounded memory (a range streams,
 * more than the agent returns at once is refused with a clear error, downloads stream). Runs in
 * this JVM and against the agent in the image; {@code ContainerLimitsIT} adds what needs a
 * container's memory, process and disk limits.
 */
class AgentLimitsIT {

    static AgentHarness agent;
    static String base;

    @BeforeAll
    static void start() throws Exception {
        agent = AgentHarness.start();
        base = agent.scratchDirectory("limits-");
    }

    @AfterAll
    static void stop() throws Exception {
        if (agent != null) {
            agent.run("rm -rf " + base);
            agent.close();
        }
    }

    @Test
    void theShellIsKilledBeforeTheAgentWhenMemoryRunsOut() throws Exception {
        int shell = Integer.parseInt(shell("cat /proc/self/oom_score_adj").strip());
        int agentScore = AgentHarness.remote()
                ? Integer.parseInt(shell("cat /proc/$(pgrep -o -f dev.sandpod.agent.Main)/oom_score_adj").strip())
                : Integer.parseInt(java.nio.file.Files.readString(java.nio.file.Path.of("/proc/self/oom_score_adj")).strip());
        assertEquals(Math.min(1000, agentScore + 500), shell, "the agent's is " + agentScore);
        // children inherit it
        assertEquals(Integer.toString(shell), shell("cd / && sh -c 'cat /proc/self/oom_score_adj'").strip());
    }

    @Test
    void aRangeOfAHugeFileStreamsAndTheWholeIsRefusedClearly() throws Exception {
        // 100 MB of numbered lines, far more than the agent holds in memory
        shell("seq -f 'line %09.0f of a file far larger than the agent reads at once' 1 1500000 > " + base + "/huge.txt");
        JsonNode range = read(base + "/huge.txt", 1_000_000, 1_000_003);
        assertEquals("line 001000001 of a file far larger than the agent reads at once\n"
                + "line 001000002 of a file far larger than the agent reads at once\n"
                + "line 001000003 of a file far larger than the agent reads at once\n", range.path("content").asText(), range.toString());

        JsonNode whole = read(base + "/huge.txt", 0, -1);
        assertEquals("error", whole.path("observation").asText(), whole.toString());
        assertTrue(whole.path("content").asText().contains("more than the agent returns at once. Read fewer lines with `start` and `end`"),
                whole.toString());

        JsonNode view = edit(base + "/huge.txt");
        assertTrue(view.path("content").asText().startsWith("ERROR:\nFile validation failed for " + base + "/huge.txt: File is too large"), view.toString());
        JsonNode rewrite = write(base + "/huge.txt", "x", 5, 6);
        assertTrue(rewrite.path("content").asText().contains("more than the"), rewrite.toString());
    }

    @Test
    void aHugeFileWithoutLineBreaksOrAsADataUrlIsRefusedClearly() throws Exception {
        shell("truncate -s 4G " + base + "/sparse.bin && truncate -s 1G " + base + "/huge.png");
        JsonNode oneLine = read(base + "/sparse.bin", 0, 1);
        assertTrue(oneLine.path("content").asText().contains("more than the agent returns at once"), oneLine.toString());
        JsonNode image = read(base + "/huge.png", 0, -1);
        assertTrue(image.path("content").asText().startsWith("File is too large to read: " + base + "/huge.png has 1024 MiB"),
                image.toString());
    }

    @Test
    void downloadsOfLargeFilesStream() throws Exception {
        shell("head -c 100000000 /dev/urandom > " + base + "/random.bin");
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        HttpRequest request = HttpRequest.newBuilder(agent.uri("/download_files?path=" + base + "/random.bin"))
                .header("X-Session-API-Key", agent.key() == null ? "" : agent.key())
                .timeout(Duration.ofSeconds(300)).GET().build();
        HttpResponse<InputStream> response = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
        assertEquals(200, response.statusCode());
        long total = 0;
        try (var zip = new java.util.zip.ZipInputStream(response.body())) {
            assertEquals("random.bin", zip.getNextEntry().getName());
            total = zip.transferTo(java.io.OutputStream.nullOutputStream());
        }
        assertEquals(100_000_000L, total);
        assertEquals(200, agent.get("/alive", false).statusCode());
    }

    private static JsonNode read(String path, int start, int end) throws Exception {
        ObjectNode action = JSON.createObjectNode().put("action", "read");
        action.putObject("args").put("path", path).put("start", start).put("end", end);
        return agent.action(action);
    }

    private static JsonNode edit(String path) throws Exception {
        ObjectNode action = JSON.createObjectNode().put("action", "edit");
        action.putObject("args").put("command", "view").put("path", path);
        return agent.action(action);
    }

    private static JsonNode write(String path, String content, int start, int end) throws Exception {
        ObjectNode action = JSON.createObjectNode().put("action", "write");
        action.putObject("args").put("path", path).put("content", content).put("start", start).put("end", end);
        return agent.action(action);
    }

    private static String shell(String command) throws Exception {
        return agent.shell(command);
    }
}
