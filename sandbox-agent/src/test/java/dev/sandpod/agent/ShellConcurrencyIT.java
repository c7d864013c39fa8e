package dev.sandpod.agent;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.function.Predicate;

import static dev.sandpod.agent.AgentHarness.JSON;
import static dev.sandpod.agent.AgentHarness.exitCode;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * No request waits without bound, and interrupts always get through: what happens when a request
 * arrives while another one waits for the running command, when a caller hangs up, and what
 * {@code /server_info} says meanwhile. The 2025 dialect's args (is_input) are used throughout.
 */
class ShellConcurrencyIT {

    static AgentHarness agent;
    static OpenHandsClients client;
    static long shellPid;

    @BeforeAll
    static void start() throws Exception {
        agent = AgentHarness.start();
        client = new OpenHandsClients(agent);
        shellPid = Long.parseLong(client.run2025("echo $$", false, null).path("content").asText());
    }

    @AfterAll
    static void stop() {
        agent.close();
    }

    @AfterEach
    void settle() throws Exception {
        client.settle(false);
    }

    /** The issue's loop: it returns at the action's timeout and keeps running. */
    @Test
    void aLoopThatKeepsPrintingReturnsAtItsTimeoutAndKeepsRunning() throws Exception {
        JsonNode first = client.run2025Async("while true; do echo tick; sleep 0.2; done", 3.0, false).get();
        assertEquals(-1, exitCode(first));
        assertTrue(first.path("content").asText().startsWith("tick"), first.toString());
        assertTrue(first.path("extras").path("metadata").path("suffix").asText().startsWith("\n[The command timed out after 3.0 seconds."));
        JsonNode more = client.run2025("", false, 1.0);
        assertTrue(more.path("content").asText().contains("tick"), "still running: " + more);
        assertEquals(130, exitCode(client.run2025("C-c", true, null)));
    }

    /** C-c while another request waits: delivered at once; the waiting request returns the output and exit code. */
    @Test
    void controlCReachesACommandThatAnotherRequestWaitsFor() throws Exception {
        CompletableFuture<JsonNode> waiting = client.run2025Async("echo started; sleep 1000", 120.0, true);
        awaitRunning(ShellConcurrencyIT::waitedForInAProgram);
        JsonNode key = client.run2025("C-c", true, null);
        assertEquals(-1, exitCode(key));
        assertTrue(key.path("extras").path("metadata").path("suffix").asText().contains("Another request is waiting for that command"), key.toString());
        JsonNode result = waiting.get();
        assertEquals(130, exitCode(result), result.toString());
        assertTrue(result.path("content").asText().startsWith("started"), result.toString());
    }

    /** Input while another request waits: delivered at once; the waiting request gets what the program printed. */
    @Test
    void inputReachesACommandThatAnotherRequestWaitsFor() throws Exception {
        CompletableFuture<JsonNode> waiting = client.run2025Async("head -n 1 | sed 's/^/got /'", 120.0, true);
        awaitRunning(ShellConcurrencyIT::waitedForInAProgram);
        JsonNode input = client.run2025("hello", true, null);
        assertTrue(input.path("extras").path("metadata").path("suffix").asText().contains("Your input was sent"), input.toString());
        JsonNode result = waiting.get();
        assertEquals("got hello", result.path("content").asText(), result.toString());
        assertEquals(0, exitCode(result));
    }

    /** An empty command while another request waits takes the wait over; nothing printed is lost between the two. */
    @Test
    void anEmptyCommandTakesOverTheWait() throws Exception {
        CompletableFuture<JsonNode> first = client.run2025Async("echo one; sleep 1000", 120.0, true);
        awaitRunning(ShellConcurrencyIT::waitedForInAProgram);
        JsonNode second = client.run2025("", false, 1.0);
        JsonNode taken = first.get();
        assertEquals(-1, exitCode(taken));
        assertEquals("", taken.path("content").asText());
        assertTrue(taken.path("extras").path("metadata").path("suffix").asText().contains("Another request took over"), taken.toString());
        assertEquals("one", second.path("content").asText(), second.toString());
        assertEquals(-1, exitCode(second));
    }

    /** A new command while another request waits is refused at once, and the waiting request is not disturbed. */
    @Test
    void aNewCommandWhileAnotherRequestWaitsIsRefusedAtOnce() throws Exception {
        CompletableFuture<JsonNode> waiting = client.run2025Async("echo first; sleep 1000", 120.0, true);
        awaitRunning(ShellConcurrencyIT::waitedForInAProgram);
        JsonNode refused = client.run2025("echo second", false, null);
        assertTrue(refused.path("extras").path("metadata").path("suffix").asText().contains("is NOT executed"), refused.toString());
        assertFalse(waiting.isDone(), "the waiting request goes on waiting");
        client.run2025("C-c", true, null);
        JsonNode result = waiting.get();
        assertEquals(java.util.List.of("first", "^C"), result.path("content").asText().lines().filter(l -> !l.isBlank()).toList(),
                result.toString());
        assertEquals(130, exitCode(result));
    }

    /** A caller that hangs up frees the shell; what the command prints later goes to the next caller. */
    @Test
    void aCallerThatHangsUpFreesTheShellAndTheNextCallerGetsTheOutput() throws Exception {
        String body = "{\"action\": {\"action\": \"run\", \"args\": {\"command\": \"echo first; head -n 1 | sed 's/^/second /'\","
                + " \"is_input\": false, \"blocking\": true}, \"timeout\": 120.0}}";
        try (Socket socket = new Socket(agent.uri("/").getHost(), agent.uri("/").getPort())) {
            OutputStream out = socket.getOutputStream();
            out.write(request(body, "keep-alive").getBytes(StandardCharsets.UTF_8));
            out.flush();
            awaitRunning(ShellConcurrencyIT::waitedForInAProgram);
        }
        awaitRunning(status -> !status.path("waiting_request").asBoolean());
        JsonNode next = client.run2025("go", true, null);
        assertEquals("first\nsecond go", next.path("content").asText(), next.toString());
        assertEquals(0, exitCode(next));
    }

    /** Input for a program that does not read it fills the terminal; the request still answers, and C-c still gets through. */
    @Test
    void inputThatNoOneReadsNeitherWedgesTheShellNorBlocksTheInterrupt() throws Exception {
        JsonNode started = client.run2025("sleep 1000", false, 0.5);
        assertEquals(-1, exitCode(started));
        awaitRunning(status -> status.path("pid").asLong() != shellPid);
        // comment lines: text still queued when the program ends reaches bash, which must not run it
        String line = "#" + "x".repeat(999);
        JsonNode answer = null;
        for (int i = 0; i < 40 && (answer == null || !answer.path("extras").path("metadata").path("suffix").asText().contains("does not read")); i++) {
            answer = client.run2025(line, true, 0.5);
        }
        assertTrue(answer.path("extras").path("metadata").path("suffix").asText().contains("does not read its input"), answer.toString());
        assertTrue(serverInfo().path("uptime").asDouble() > 0, "status still answers");
        JsonNode interrupted = client.run2025("C-c", true, null);
        assertEquals(130, exitCode(interrupted), interrupted.toString());
        assertEquals("fine", client.run2025("echo fine", false, null).path("content").asText());
    }

    /** /server_info: the running command's pid, since when, and whether a request waits for it; null when idle. */
    @Test
    void serverInfoShowsTheRunningCommand() throws Exception {
        assertTrue(serverInfo().path("running_command").isNull(), serverInfo().toString());
        Instant before = Instant.now().minusSeconds(5);
        JsonNode started = client.run2025("sleep 1000", false, 0.5);
        assertEquals(-1, exitCode(started));
        JsonNode running = awaitRunning(status -> !status.path("waiting_request").asBoolean());
        long pid = running.path("pid").asLong();
        assertTrue(pid > 0, running.toString());
        assertFalse(Instant.parse(running.path("started_at").asText()).isBefore(before), running.toString());
        assertTrue(running.path("running_seconds").asDouble() >= 0, running.toString());
        if (!AgentHarness.remote()) {
            assertEquals("sleep", Files.readString(Path.of("/proc/" + pid + "/comm")).strip(), "the pid is the foreground process");
        }
        assertEquals(130, exitCode(client.run2025("C-c", true, null)));
        assertTrue(serverInfo().path("running_command").isNull(), serverInfo().toString());
    }

    /** Connection: close is honoured: the answer comes, then the connection ends. */
    @Test
    void connectionCloseEndsTheConnectionAfterTheAnswer() throws Exception {
        String body = "{\"action\": {\"action\": \"run\", \"args\": {\"command\": \"echo closing\", \"is_input\": false}}}";
        try (Socket socket = new Socket(agent.uri("/").getHost(), agent.uri("/").getPort())) {
            socket.setSoTimeout(30_000);
            socket.getOutputStream().write(request(body, "close").getBytes(StandardCharsets.UTF_8));
            socket.getOutputStream().flush();
            String answer = new String(readToEnd(socket.getInputStream()), StandardCharsets.UTF_8);
            assertTrue(answer.startsWith("HTTP/1.1 200"), answer);
            assertTrue(answer.toLowerCase(java.util.Locale.ROOT).contains("connection: close"), answer);
            assertTrue(answer.contains("closing"), answer);
        }
    }

    /** Without a timeout, a command that keeps printing returns at the agent's --max-wait and keeps running. */
    @Test
    void withoutATimeoutTheAgentsCapEndsTheWait() throws Exception {
        Assumptions.assumeFalse(AgentHarness.remote(), "starts its own agent with --max-wait 2");
        try (AgentHarness capped = AgentHarness.start("--max-wait", "2")) {
            com.fasterxml.jackson.databind.node.ObjectNode action = JSON.createObjectNode().put("action", "run");
            action.putObject("args").put("command", "while true; do echo tick; sleep 0.1; done").put("blocking", true);
            JsonNode o = capped.action(action);
            assertEquals(-1, exitCode(o));
            assertTrue(o.path("content").asText().startsWith("tick"), o.toString());
            assertTrue(o.path("extras").path("metadata").path("suffix").asText().startsWith("\n[The command timed out after 2.0 seconds."), o.toString());
            JsonNode more = capped.run("");
            assertTrue(more.path("content").asText().contains("tick"), "it keeps running: " + more);
            capped.run("C-c");
        }
    }

    /**
     * A request waits and a program runs in the foreground (not bash, which would still be reading
     * the command: a key sent then would cancel the whole command line, as in any terminal).
     */
    private static boolean waitedForInAProgram(JsonNode status) {
        return status.path("waiting_request").asBoolean() && status.path("pid").asLong() != shellPid;
    }

    private String request(String body, String connection) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        return "POST /execute_action HTTP/1.1\r\nHost: " + agent.uri("/").getHost() + "\r\nContent-Type: application/json\r\n"
                + (agent.key() == null ? "" : "X-Session-API-Key: " + agent.key() + "\r\n")
                + "Connection: " + connection + "\r\nContent-Length: " + bytes.length + "\r\n\r\n" + body;
    }

    private static byte[] readToEnd(InputStream in) throws IOException {
        return in.readAllBytes();
    }

    private static JsonNode serverInfo() throws IOException, InterruptedException {
        return JSON.readTree(agent.get("/server_info", true).body());
    }

    /** Waits (on a condition, polling /server_info) until a command runs and its status matches. */
    private static JsonNode awaitRunning(Predicate<JsonNode> condition) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        JsonNode status = null;
        while (System.nanoTime() < deadline) {
            status = serverInfo().path("running_command");
            if (!status.isNull() && !status.isMissingNode() && condition.test(status)) {
                return status;
            }
            Thread.sleep(20);
        }
        throw new AssertionError("the running command never reached the expected state; last: " + status);
    }
}
