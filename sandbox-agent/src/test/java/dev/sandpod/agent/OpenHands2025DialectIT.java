package dev.sandpod.agent;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static dev.sandpod.agent.AgentHarness.exitCode;
import static dev.sandpod.agent.OpenHandsClients.assertFields;
import static dev.sandpod.agent.OpenHandsClients.names;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The 2025 dialect, row by row of the table in docs/sandbox-agent.md, against what OpenHands at
 * commit 156d0686c4 sends and expects: the server's texts in {@code openhands/runtime/utils/bash.py}
 * and {@code bash_constants.py}, the dataclasses in {@code openhands/events/observation/},
 * {@code event_to_dict} in {@code openhands/events/serialization/event.py}, and the runtime tests
 * in {@code tests/runtime/test_bash.py} named at each test.
 */
class OpenHands2025DialectIT {

    static final String TIMEOUT_MESSAGE = "You may wait longer to see additional output by sending empty command '', "
            + "send other commands to interact with the current process, "
            + "send keys (\"C-c\", \"C-z\", \"C-d\") to interrupt/kill the previous command before sending your new command, "
            + "or use the timeout parameter in execute_bash for future commands.";

    static AgentHarness agent;
    static OpenHandsClients client;

    @BeforeAll
    static void start() throws Exception {
        agent = AgentHarness.start();
        client = new OpenHandsClients(agent);
    }

    @AfterAll
    static void stop() {
        agent.close();
    }

    @AfterEach
    void settle() throws Exception {
        client.settle(false);
    }

    /** event_to_dict: message, observation, content, extras, and success for a CmdOutputObservation. */
    @Test
    void aCompletedCommandHasThe2025FieldsAndNoOthers() throws Exception {
        JsonNode o = client.run2025("echo hello", false, null);
        assertEquals(List.of("message", "observation", "content", "extras", "success"), List.copyOf(namesInOrder(o)));
        assertEquals("Command `echo hello` executed with exit code 0.", o.path("message").asText());
        assertEquals("run", o.path("observation").asText());
        assertEquals("hello", o.path("content").asText());
        assertTrue(o.path("success").asBoolean());
        assertFields(OpenHandsClients.CMD_OUTPUT_2025, o.path("extras"));
        assertFields(OpenHandsClients.CMD_METADATA_2025, o.path("extras").path("metadata"));
        JsonNode metadata = o.path("extras").path("metadata");
        assertEquals(0, metadata.path("exit_code").asInt());
        assertTrue(metadata.path("pid").isInt(), "bash's $!, or -1 before the first background job");
        assertEquals("", metadata.path("prefix").asText());
        assertEquals("\n[The command completed with exit code 0.]", metadata.path("suffix").asText());
        assertEquals("echo hello", o.path("extras").path("command").asText());
        assertFalse(o.path("extras").path("hidden").asBoolean());
    }

    /** CmdOutputMetadata.pid is bash's $! (the PS1 JSON of to_ps1_prompt), never a counter. */
    @Test
    void pidIsTheLastBackgroundJob() throws Exception {
        JsonNode started = client.run2025("sleep 100 &", false, null);
        String printed = started.path("content").asText();
        assertTrue(printed.matches("\\[\\d+] \\d+"), printed);
        long pid = Long.parseLong(printed.substring(printed.indexOf(' ') + 1));
        assertEquals(pid, started.path("extras").path("metadata").path("pid").asLong(), started.toString());
        assertEquals(pid, client.run2025("true", false, null).path("extras").path("metadata").path("pid").asLong());
        client.run2025("kill %1; wait 2>/dev/null; true", false, null);
    }

    /** test_basic_command: exit code 127 and bash's message for a missing command. */
    @Test
    void aFailingCommandReportsItsExitCode() throws Exception {
        JsonNode o = client.run2025("nonexistent_command", false, null);
        assertEquals(127, exitCode(o));
        assertTrue(o.path("content").asText().contains("nonexistent_command: command not found"), o.toString());
        assertFalse(o.path("success").asBoolean());
        assertEquals("\n[The command completed with exit code 127.]", o.path("extras").path("metadata").path("suffix").asText());
    }

    /** test_interactive_command: soft timeout with the no-change text, then input completes the command. */
    @Test
    void softTimeoutThenInput() throws Exception {
        JsonNode asked = client.run2025("read -p \"Enter name: \" name && echo \"Hello $name\"", false, null);
        assertEquals("Enter name:", asked.path("content").asText());
        assertEquals(-1, exitCode(asked));
        JsonNode metadata = asked.path("extras").path("metadata");
        assertEquals("\n[The command has no new output after " + agent.noChangeSeconds() + " seconds. " + TIMEOUT_MESSAGE + "]",
                metadata.path("suffix").asText());
        // _handle_nochange_timeout_command: CmdOutputMetadata() apart from the suffix
        assertTrue(metadata.path("username").isNull() && metadata.path("working_dir").isNull(), metadata.toString());
        assertEquals(-1, metadata.path("pid").asInt());
        JsonNode answered = client.run2025("John", true, null);
        assertTrue(answered.path("content").asText().contains("Hello John"), answered.toString());
        assertEquals("\n[The command completed with exit code 0.]", answered.path("extras").path("metadata").path("suffix").asText());
        assertEquals("John", answered.path("extras").path("command").asText());
    }

    /**
     * test_command_output_continuation: the hard timeout returns with exit code -1 and leaves the
     * command running; the empty command continues it, prefixed while it still runs. The command
     * waits on files written between the calls instead of sleeping, so the test does not race.
     */
    @Test
    void hardTimeoutLeavesTheCommandRunningAndTheEmptyCommandContinuesIt() throws Exception {
        String dir = client.run2025("mktemp -d", false, null).path("content").asText();
        JsonNode first = client.run2025("echo 1; until [ -e " + dir + "/go1 ]; do sleep 0.05; done; echo 2; until [ -e "
                + dir + "/go2 ]; do sleep 0.05; done; echo 3", false, 1.0);
        assertEquals("1", first.path("content").asText().strip());
        assertEquals("", first.path("extras").path("metadata").path("prefix").asText());
        assertEquals("\n[The command timed out after 1.0 seconds. " + TIMEOUT_MESSAGE + "]",
                first.path("extras").path("metadata").path("suffix").asText());
        assertEquals(-1, exitCode(first));

        client.write2025(dir + "/go1", "");
        JsonNode second = client.run2025("", false, 1.0);
        assertEquals("[Below is the output of the previous command.]\n", second.path("extras").path("metadata").path("prefix").asText());
        assertEquals("2", second.path("content").asText().strip());
        assertTrue(second.path("extras").path("metadata").path("suffix").asText().startsWith("\n[The command timed out after 1.0 seconds."));

        // test_long_running_command_follow_by_execute: a new command is not executed meanwhile
        JsonNode refused = client.run2025("ls", false, null);
        assertEquals(-1, exitCode(refused));
        assertEquals("[Below is the output of the previous command.]\n", refused.path("extras").path("metadata").path("prefix").asText());
        assertTrue(refused.path("extras").path("metadata").path("suffix").asText()
                .startsWith("\n[Your command \"ls\" is NOT executed. The previous command is still running"), refused.toString());

        client.write2025(dir + "/go2", "");
        JsonNode last = client.run2025("", false, null);
        assertEquals("3", last.path("content").asText().strip(), last.toString());
        assertEquals("\n[The command completed with exit code 0.]", last.path("extras").path("metadata").path("suffix").asText());
        assertEquals(0, exitCode(last));
    }

    /** test_bash_server / test_stress_long_output...: C-c as input answers 130; the tmux pane showed ^C. */
    @Test
    void controlCAnswersWithCaretC() throws Exception {
        JsonNode running = client.run2025("sleep 1000", false, 1.0);
        assertEquals(-1, exitCode(running));
        JsonNode o = client.run2025("C-c", true, null);
        assertEquals(130, exitCode(o));
        assertEquals("^C", o.path("content").asText().strip());
        assertEquals("\n[The command completed with exit code 130. CTRL+C was sent.]", o.path("extras").path("metadata").path("suffix").asText());
        assertEquals(0, exitCode(client.run2025("ls", false, null)));
    }

    /** test_empty_command_errors and the is_input branch of BashSession.execute. */
    @Test
    void emptyCommandOrInputWithNothingRunning() throws Exception {
        JsonNode empty = client.run2025("", false, null);
        assertEquals("ERROR: No previous running command to retrieve logs from.", empty.path("content").asText());
        assertEquals("", empty.path("extras").path("command").asText());
        assertEquals(-1, exitCode(empty));
        JsonNode input = client.run2025("hello", true, null);
        assertEquals("ERROR: No previous running command to interact with.", input.path("content").asText());
    }

    /** FileReadObservation(path, impl_source) and ErrorObservation(error_id) of 2025. */
    @Test
    void fileObservationsCarryThe2025Fields() throws Exception {
        String dir = client.run2025("mktemp -d", false, null).path("content").asText();
        JsonNode written = client.write2025(dir + "/a.txt", "one\ntwo");
        assertFields(Set.of("path"), written.path("extras"));
        JsonNode read = client.read2025(dir + "/a.txt");
        assertEquals("one\ntwo\n", read.path("content").asText());
        assertFields(Set.of("path", "impl_source"), read.path("extras"));
        assertEquals("default", read.path("extras").path("impl_source").asText());
        assertEquals("I read the file " + dir + "/a.txt.", read.path("message").asText());
        JsonNode missing = client.read2025(dir + "/missing.txt");
        assertEquals("error", missing.path("observation").asText());
        assertFields(Set.of("error_id"), missing.path("extras"));
        assertEquals(missing.path("content").asText(), missing.path("message").asText());
    }

    /** Sandpod keeps running several commands in one action (the 2025 server refuses them); the observation stays a CmdOutputObservation. */
    @Test
    void severalCommandsStillRunInTurn() throws Exception {
        JsonNode o = client.run2025("echo a\necho b", false, null);
        assertEquals("run", o.path("observation").asText());
        assertEquals("a\nb", o.path("content").asText());
        assertFields(OpenHandsClients.CMD_OUTPUT_2025, o.path("extras"));
    }

    private static List<String> namesInOrder(JsonNode o) {
        List<String> names = new java.util.ArrayList<>();
        o.fieldNames().forEachRemaining(names::add);
        assertEquals(names.size(), names(o).size());
        return names;
    }
}
