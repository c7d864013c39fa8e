package dev.sandpod.agent;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.util.concurrent.CompletableFuture;

import static dev.sandpod.agent.AgentHarness.exitCode;
import static dev.sandpod.agent.AgentHarness.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Commands that keep running: soft and hard timeouts, continuing, input, keys, concurrency. */
class ShellTimeoutsIT {

    static AgentHarness agent;

    @BeforeAll
    static void start() throws Exception {
        agent = AgentHarness.start();
    }

    @AfterAll
    static void stop() {
        agent.close();
    }

    @AfterEach
    void settle() throws Exception {
        agent.settle();
    }

    @Test
    void softTimeoutReturnsOutputSoFarAndEmptyCommandContinues() throws Exception {
        int quiet = agent.noChangeSeconds() + 3;
        JsonNode first = agent.run("echo started; sleep " + quiet + "; echo finished");
        assertEquals("started", first.path("content").asText());
        assertEquals(-1, exitCode(first));
        String suffix = first.path("extras").path("metadata").path("suffix").asText();
        assertTrue(suffix.startsWith("\n[The command has no new output after " + agent.noChangeSeconds() + " seconds. "
                + "You may wait longer to see additional output by sending empty command ''"), suffix);

        // the sleep outlasts one more soft timeout; keep asking until it completes
        StringBuilder later = new StringBuilder();
        JsonNode rest = null;
        for (int i = 0; i < 5 && (rest == null || exitCode(rest) == -1); i++) {
            rest = agent.run("");
            // as in OpenHands 2025 (runtime/utils/bash.py): the prefix marks a continuation that still runs
            assertEquals(exitCode(rest) == -1 ? "[Below is the output of the previous command.]\n" : "",
                    rest.path("extras").path("metadata").path("prefix").asText(), rest.toString());
            later.append(rest.path("content").asText());
        }
        assertEquals("finished", later.toString(), rest.toString());
        assertEquals(0, exitCode(rest));
    }

    @Test
    void aNewCommandWhileOneRunsIsNotExecuted() throws Exception {
        agent.run("sleep " + (agent.noChangeSeconds() * 3 + 5));
        JsonNode refused = agent.run("echo should-not-run");
        assertEquals(-1, exitCode(refused));
        assertFalse(refused.path("content").asText().contains("should-not-run"));
        assertTrue(text(refused).contains("Your command \"echo should-not-run\" is NOT executed. The previous command is still running"),
                text(refused));
        JsonNode interrupted = agent.run("C-c");
        assertTrue(text(interrupted).contains("CTRL+C was sent."), text(interrupted));
        assertEquals(130, exitCode(interrupted));
        assertEquals("now", agent.run("echo now").path("content").asText());
    }

    @Test
    void hardTimeoutReturnsAndLeavesTheCommandRunning() throws Exception {
        JsonNode o = agent.run("echo begun; sleep 60; echo never", args -> args.put("blocking", true), 2.0);
        assertEquals("begun", o.path("content").asText().strip());
        assertTrue(text(o).endsWith("[The command timed out after 2.0 seconds. You may wait longer to see additional output"
                + " by sending empty command '', send other commands to interact with the current process, send keys"
                + " (\"C-c\", \"C-z\", \"C-d\") to interrupt/kill the previous command before sending your new command,"
                + " or use the timeout parameter in execute_bash for future commands.]"), text(o));
        assertEquals(-1, exitCode(o));
        JsonNode interrupted = agent.run("C-c");
        assertEquals(130, exitCode(interrupted));
        assertEquals("free again", agent.run("echo free again").path("content").asText());
    }

    @Test
    void blockingWaitsPastTheSoftTimeout() throws Exception {
        JsonNode o = agent.run("sleep " + (agent.noChangeSeconds() + 1) + "; echo done",
                args -> args.put("blocking", true), (double) agent.noChangeSeconds() * 4);
        assertEquals("done", o.path("content").asText());
        assertEquals(0, exitCode(o));
    }

    @Test
    void controlCInterruptsAForegroundProgram() throws Exception {
        agent.run("echo waiting; cat");
        JsonNode o = agent.run("ctrl+c");
        assertEquals(130, exitCode(o));
        assertTrue(text(o).contains("CTRL+C was sent."), text(o));
    }

    @Test
    void controlDEndsInput() throws Exception {
        agent.run("wc -l");
        agent.input("one");
        agent.input("two");
        JsonNode o = agent.run("C-d");
        assertEquals("2", o.path("content").asText().strip(), o.toString());
        assertEquals(0, exitCode(o));
    }

    @Test
    void interactiveReadIsAnsweredWithInput() throws Exception {
        JsonNode prompt = agent.run("read -r -p 'Your name: ' name; echo \"Hello, $name\"");
        assertEquals("Your name:", prompt.path("content").asText());
        assertEquals(-1, exitCode(prompt));
        JsonNode answered = agent.input("Ada");
        assertEquals("Hello, Ada", answered.path("content").asText().strip(), answered.toString());
        assertEquals(0, exitCode(answered));
    }

    @Test
    void emptyCommandOrInputWithNothingRunningIsAnError() throws Exception {
        assertEquals("ERROR: No previous running command to retrieve logs from.", agent.run("").path("content").asText());
        assertEquals("ERROR: No previous running command to interact with.", agent.input("hello").path("content").asText());
    }

    @Test
    void statusRoutesAnswerDuringALongCommand() throws Exception {
        CompletableFuture<JsonNode> longCommand = CompletableFuture.supplyAsync(() -> {
            try {
                return agent.run("sleep 6; echo slept", args -> args.put("blocking", true), 30.0);
            } catch (Exception e) {
                throw new RuntimeException(e);
            }
        });
        Thread.sleep(1000);
        long start = System.nanoTime();
        for (int i = 0; i < 5; i++) {
            HttpResponse<String> alive = agent.get("/alive", false);
            assertEquals(200, alive.statusCode());
            assertEquals(200, agent.get("/server_info", false).statusCode());
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        assertFalse(longCommand.isDone(), "the long command should still run");
        assertTrue(seconds < 3, "status routes waited for the shell: " + seconds + " s");
        assertEquals("slept", longCommand.get().path("content").asText());
    }
}
