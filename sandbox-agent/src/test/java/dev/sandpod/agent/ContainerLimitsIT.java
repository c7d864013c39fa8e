package dev.sandpod.agent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static dev.sandpod.agent.AgentHarness.JSON;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The agent outlives the sandbox user's mistakes inside a container with limits, as the agent runs
 * in production (root agent, uid-1000 shell): a memory hog is killed, not the agent; a fork bomb
 * leaves it answering; a full disk is reported and loses nothing; files of any size are read
 * within a small heap. Each test starts its own container of {@code SANDPOD_SANDBOX_IMAGE}
 * (bin/test sets it to the image it built).
 */
@EnabledIf(value = "imageGiven", disabledReason = "set SANDPOD_SANDBOX_IMAGE to a sandbox image (and have Docker) to run the agent in containers with memory, process and disk limits")
class ContainerLimitsIT {

    static boolean imageGiven() {
        return TestContainer.image() != null;
    }

    /**
     * Twelve processes of 40 MB each, in a container of 320 MB: every one is smaller than the agent,
     * so without the shell's higher {@code oom_score_adj} the kernel would kill the agent first.
     */
    @Test
    void aMemoryHogIsKilledInsteadOfTheAgent() throws Exception {
        try (TestContainer container = TestContainer.start("--memory", "320m", "--memory-swap", "320m")) {
            AgentHarness agent = container.agent();
            double uptime = uptime(agent);
            JsonNode hog = agent.run("for i in $(seq 12); do (python3 -c 'import time; x = b\"x\" * (40 << 20); time.sleep(8)'"
                    + " && echo survived || echo killed) & done; wait", args -> args.put("blocking", true), 300.0);
            String output = hog.path("content").asText();
            assertTrue(output.contains("killed"), "the kernel killed some of the hog's processes: " + hog);
            assertTrue(container.answers(), "the agent still answers");
            assertTrue(uptime(agent) > uptime, "the same agent process answers (it was not restarted)");
            assertEquals("alive", agent.run("echo alive").path("content").asText());
        }
    }

    /**
     * A fork bomb fills the container's process limit; the agent keeps answering, also after being
     * idle, and the user can end the bomb with the shell's builtin {@code kill}.
     */
    @Test
    void aForkBombLeavesTheAgentAnswering() throws Exception {
        try (TestContainer container = TestContainer.start("--pids-limit", "160")) {
            AgentHarness agent = container.agent();
            write(agent, "/workspace/before.txt", "written before the bomb");
            agent.run("bomb() { bomb | bomb & }; bomb", args -> { }, 20.0);
            // The scenario needs time to pass, not a condition: the JDK drops carrier threads idle for
            // 30 s, and one the agent needed afterwards could not be created under the full pids limit.
            // The agent must be left idle meanwhile: polling it would keep its carriers busy and hide the fault.
            Thread.sleep(65_000);
            assertTrue(container.answersOnANewConnection(), "GET /alive on a new connection");
            JsonNode pids = read(agent, "/sys/fs/cgroup/pids/pids.current");
            if (pids.path("observation").asText().equals("error")) {
                pids = read(agent, "/sys/fs/cgroup/pids.current"); // cgroup v2
            }
            assertTrue(Integer.parseInt(pids.path("content").asText().strip()) >= 150, "the bomb fills the limit: " + pids);
            assertTrue(container.answers(), "GET /alive");
            assertEquals(200, agent.get("/server_info", false).statusCode());
            assertEquals("written before the bomb\n", read(agent, "/workspace/before.txt").path("content").asText());
            assertEquals("write", write(agent, "/workspace/during.txt", "written during the bomb").path("observation").asText());
            HttpResponse<String> listing = agent.post("/list_files", "{\"path\": \"/workspace\"}", true);
            assertEquals(200, listing.statusCode());
            assertTrue(listing.body().contains("during.txt"), listing.body());

            // kill is a bash builtin: it needs no new process; it ends the shell too, which the agent restarts
            agent.run("C-c", args -> { }, 20.0);
            agent.run("kill -9 -1", args -> { }, 20.0);
            JsonNode after = null;
            for (int i = 0; i < 10; i++) {
                after = agent.run("echo recovered", args -> { }, 30.0);
                if (after.path("content").asText().contains("recovered")) {
                    break;
                }
            }
            assertTrue(after.path("content").asText().contains("recovered"), String.valueOf(after));
        }
    }

    /** A full disk: writes, edits and uploads fail with the reason, and what was there stays. */
    @Test
    void aFullDiskIsReportedAndLosesNothing() throws Exception {
        try (TestContainer container = TestContainer.start("--tmpfs", "/workspace:rw,size=4m,mode=1777")) {
            AgentHarness agent = container.agent();
            assertEquals("write", write(agent, "/workspace/keep.txt", "original").path("observation").asText());
            agent.run("head -c 10M /dev/zero > /workspace/fill", args -> args.put("blocking", true), 60.0);
            String big = "y".repeat(1024 * 1024);

            JsonNode created = write(agent, "/workspace/new.txt", big);
            assertTrue(created.path("content").asText().contains("No space left on device (the sandbox's disk is full"),
                    created.toString());
            JsonNode rewritten = write(agent, "/workspace/keep.txt", big);
            assertTrue(rewritten.path("content").asText().contains("The file keeps its previous content."), rewritten.toString());
            ObjectNode edit = JSON.createObjectNode().put("action", "edit");
            edit.putObject("args").put("command", "str_replace").put("path", "/workspace/keep.txt")
                    .put("old_str", "original").put("new_str", big);
            JsonNode edited = agent.action(edit);
            assertTrue(edited.path("content").asText().contains("No space left on device"), edited.toString());
            HttpResponse<String> upload = agent.upload("/workspace", "up.bin", big.getBytes(StandardCharsets.UTF_8), false);
            assertEquals(507, upload.statusCode(), upload.body());
            assertTrue(upload.body().contains("No space left on device (the sandbox's disk is full"), upload.body());

            assertEquals("original\n", read(agent, "/workspace/keep.txt").path("content").asText());
            assertEquals("fill\nkeep.txt", agent.run("ls -A1 /workspace").path("content").asText(),
                    "no half-written file is left");
            agent.run("rm /workspace/fill");
            assertEquals("write", write(agent, "/workspace/new.txt", big).path("observation").asText());
        }
    }

    /**
     * A 64 MB heap, and reads, views and edits of the largest files the agent holds in memory, many
     * at once: they take turns instead of exhausting the heap (the agent exits on an out-of-memory
     * error).
     */
    @Test
    void largeFilesManyAtOnceFitASmallHeap() throws Exception {
        try (TestContainer container = TestContainer.start("--memory", "256m", "-e", "SANDPOD_JAVA_OPTS=-Xmx64m")) {
            AgentHarness agent = container.agent();
            double uptime = uptime(agent);
            // 64 MB heap: the agent holds files of up to 2 MiB; these are just under
            agent.run("for i in 1 2 3 4; do seq -f 'line %07.0f of a large file' 1 60000 > /workspace/large-$i.txt; done; "
                    + "ls -l /workspace", args -> args.put("blocking", true), 120.0);
            ExecutorService clients = Executors.newFixedThreadPool(12);
            try {
                List<CompletableFuture<JsonNode>> answers = new ArrayList<>();
                for (int round = 0; round < 3; round++) {
                    for (int i = 1; i <= 4; i++) {
                        String file = "/workspace/large-" + i + ".txt";
                        answers.add(CompletableFuture.supplyAsync(() -> call(() -> read(agent, file)), clients));
                        answers.add(CompletableFuture.supplyAsync(() -> call(() -> view(agent, file)), clients));
                        answers.add(CompletableFuture.supplyAsync(() -> call(() -> replace(agent, file)), clients));
                    }
                }
                for (CompletableFuture<JsonNode> answer : answers) {
                    JsonNode o = answer.get(300, TimeUnit.SECONDS);
                    assertFalse(o.path("observation").asText().equals("error"), o.toString());
                }
            } finally {
                clients.shutdownNow();
            }
            assertTrue(container.answers(), "the agent still answers");
            assertTrue(uptime(agent) > uptime, "the same agent process answers (it did not run out of memory)");
        }
    }

    private static double uptime(AgentHarness agent) throws Exception {
        return JSON.readTree(agent.get("/server_info", false).body()).path("uptime").asDouble();
    }

    private static JsonNode read(AgentHarness agent, String path) throws Exception {
        ObjectNode action = JSON.createObjectNode().put("action", "read");
        action.putObject("args").put("path", path);
        return agent.action(action);
    }

    private static JsonNode view(AgentHarness agent, String path) throws Exception {
        ObjectNode action = JSON.createObjectNode().put("action", "edit");
        action.putObject("args").put("command", "view").put("path", path);
        return agent.action(action);
    }

    private static JsonNode replace(AgentHarness agent, String path) throws Exception {
        ObjectNode action = JSON.createObjectNode().put("action", "edit");
        action.putObject("args").put("command", "insert").put("path", path).put("insert_line", 1).put("new_str", "inserted");
        return agent.action(action);
    }

    private static JsonNode write(AgentHarness agent, String path, String content) throws Exception {
        ObjectNode action = JSON.createObjectNode().put("action", "write");
        action.putObject("args").put("path", path).put("content", content);
        return agent.action(action);
    }

    private interface Call {
        JsonNode run() throws Exception;
    }

    private static JsonNode call(Call call) {
        try {
            return call.run();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
