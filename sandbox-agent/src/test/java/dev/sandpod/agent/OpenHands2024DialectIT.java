package dev.sandpod.agent;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;

import static dev.sandpod.agent.OpenHandsClients.assertFields;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The 2024 dialect, row by row of the table in docs/sandbox-agent.md, against OpenHands at commit
 * 2d5b360505d8: the pexpect server {@code openhands/runtime/action_execution_server.py} (methods
 * {@code run}, {@code _continue_bash}, {@code _interrupt_bash}, {@code _get_bash_prompt_and_update_pwd}),
 * the dataclasses in {@code openhands/events/observation/}, {@code event_to_dict} in
 * {@code openhands/events/serialization/event.py}, and {@code tests/runtime/test_bash.py} named at
 * each test.
 */
class OpenHands2024DialectIT {

    static AgentHarness agent;
    static OpenHandsClients client;
    static String prompt;

    @BeforeAll
    static void start() throws Exception {
        agent = AgentHarness.start();
        client = new OpenHandsClients(agent);
        // the prompt _get_bash_prompt_and_update_pwd re-assembles: "[Python Interpreter: P]\nUSER@openhands-workspace:DIR $ "
        JsonNode shell = client.run2025("cd ~ && cd - >/dev/null && id -un && pwd && echo \"$HOME\"", false, null);
        List<String> lines = shell.path("content").asText().lines().toList();
        String python = shell.path("extras").path("metadata").path("py_interpreter_path").asText("");
        String dir = lines.get(1).equals(lines.get(2)) ? "~" : lines.get(1).startsWith(lines.get(2) + "/")
                ? "~" + lines.get(1).substring(lines.get(2).length()) : lines.get(1);
        prompt = (python.isEmpty() ? "" : "[Python Interpreter: " + python + "]") + "\n" + lines.get(0)
                + "@openhands-workspace:" + dir + " " + ("root".equals(lines.get(0)) ? "#" : "$") + " ";
    }

    @AfterAll
    static void stop() {
        agent.close();
    }

    @AfterEach
    void settle() throws Exception {
        client.settle(true);
    }

    /** run(): CmdOutputObservation(command_id=-1, content, command, hidden, exit_code); keep_prompt appends '\r\n' + prompt. */
    @Test
    void aCompletedCommandEndsWithThePrompt() throws Exception {
        JsonNode o = client.run2024("echo hello", null, true);
        assertEquals(List.of("message", "observation", "content", "extras"), fieldNames(o));
        assertEquals("Command `echo hello` executed with exit code 0.", o.path("message").asText());
        assertFields(OpenHandsClients.CMD_OUTPUT_2024, o.path("extras"));
        assertEquals(-1, o.path("extras").path("command_id").asInt());
        assertEquals(0, o.path("extras").path("exit_code").asInt());
        assertEquals("echo hello", o.path("extras").path("command").asText());
        assertEquals("hello\r\n\r\n" + prompt, o.path("content").asText());
    }

    /** test_keep_prompt: no prompt when keep_prompt is false. */
    @Test
    void keepPromptFalseLeavesItOut() throws Exception {
        JsonNode o = client.run2024("echo hello", null, false);
        assertEquals("hello", o.path("content").asText());
        assertFalse(o.path("content").asText().contains("@openhands-workspace"));
    }

    /** test_multiline_commands, test_multiple_multiline_commands: the terminal's \r\n line endings. */
    @Test
    void linesEndWithCarriageReturnNewline() throws Exception {
        JsonNode o = client.run2024("echo -e \"hello\\nworld\"", null, false);
        assertEquals("hello\r\nworld", o.path("content").asText());
    }

    /** run(): several commands make one transcript, each typed after the previous prompt. */
    @Test
    void severalCommandsMakeOneTranscript() throws Exception {
        JsonNode o = client.run2024("echo a\necho b", null, true);
        // all_output.rstrip() + ' ' + command: the next command follows the prompt's "$"
        assertEquals("a\r\n\r\n" + prompt.stripTrailing() + " echo b\r\nb\r\n\r\n" + prompt, o.path("content").asText());
        JsonNode failing = client.run2024("echo a\nfalse\necho never", null, false);
        assertEquals(1, failing.path("extras").path("exit_code").asInt());
        assertFalse(failing.path("content").asText().contains("never"));
    }

    /** test_bash_timeout_and_keyboard_interrupt: a blocking command is interrupted at its timeout, exit code 130. */
    @Test
    void aBlockingCommandIsInterruptedAtItsTimeout() throws Exception {
        JsonNode o = client.run2024("echo begun; sleep 60; echo never", 2, true);
        String content = o.path("content").asText();
        assertTrue(content.startsWith("begun\r\n"), content);
        assertTrue(content.endsWith("\r\n\r\n[Command timed out after 2 seconds. SIGINT was sent to interrupt the command.]\r\n" + prompt),
                content);
        assertEquals(130, o.path("extras").path("exit_code").asInt());
        assertEquals(0, client.run2024("ls", 1, true).path("extras").path("exit_code").asInt());
    }

    /** test_process_resistant_to_multiple_sigint: SIGINT twice, then Ctrl-Z and kill -9; exit code 0. */
    @Test
    void aCommandThatIgnoresSigintIsKilled() throws Exception {
        // as the test's resistant_script.sh: a script that traps SIGINT and keeps looping
        JsonNode o = client.run2024("bash -c \"trap 'echo caught' INT; echo started; while true; do sleep 0.2; done\"", 1, true);
        String content = o.path("content").asText();
        assertTrue(content.contains("started") && content.contains("caught"), content);
        assertTrue(content.contains("[Command timed out after 1 seconds. SIGINT was sent to interrupt the command, but failed."
                + " The command was killed.]"), content);
        assertEquals(0, o.path("extras").path("exit_code").asInt(), o.toString());
        assertEquals("ok", client.run2024("echo ok", 5, false).path("content").asText());
    }

    /** _continue_bash with kill_on_timeout=False: a non-blocking command returns with -1 and keeps running. */
    @Test
    void aNonBlockingCommandReturnsAndKeepsRunning() throws Exception {
        String dir = client.run2024("mktemp -d", null, false).path("content").asText();
        JsonNode first = client.run2024NonBlocking("echo waiting; until [ -e " + dir + "/go ]; do sleep 0.05; done; echo done", 60);
        assertEquals("waiting", first.path("content").asText());
        assertEquals(-1, first.path("extras").path("exit_code").asInt());
        agent.action(AgentHarness.JSON.createObjectNode().put("action", "write")
                .set("args", AgentHarness.JSON.createObjectNode().put("path", dir + "/go").put("content", "").put("thought", "")));
        JsonNode rest = client.run2024("", null, true);
        assertEquals("done\r\n\r\n" + prompt, rest.path("content").asText(), rest.toString());
        assertEquals(0, rest.path("extras").path("exit_code").asInt());
    }

    /** run() with command 'ctrl+c': _interrupt_bash's text, exit code 130, no prompt. */
    @Test
    void ctrlCAnswersWithTheSigintText() throws Exception {
        JsonNode running = client.run2024NonBlocking("echo running; sleep 1000", null);
        assertEquals(-1, running.path("extras").path("exit_code").asInt());
        JsonNode o = client.run2024("ctrl+c", null, true);
        // the output already returned is not repeated (pexpect's buffer repeated it; see the differences in the docs)
        assertEquals("\r\n\r\n[SIGINT was sent to interrupt the command.]", o.path("content").asText(), o.toString());
        assertEquals(130, o.path("extras").path("exit_code").asInt());
    }

    /** FileReadObservation(path) of 2024: no impl_source, which its constructor would refuse; ErrorObservation has no error_id. */
    @Test
    void fileObservationsCarryOnlyThe2024Fields() throws Exception {
        String dir = client.run2024("mktemp -d", null, false).path("content").asText();
        agent.action(AgentHarness.JSON.createObjectNode().put("action", "write")
                .set("args", AgentHarness.JSON.createObjectNode().put("path", dir + "/a.txt").put("content", "one").put("thought", "")));
        JsonNode read = client.read2024(dir + "/a.txt");
        assertEquals("one\n", read.path("content").asText());
        assertFields(Set.of("path"), read.path("extras"));
        JsonNode missing = client.read2024(dir + "/missing.txt");
        assertEquals("error", missing.path("observation").asText());
        assertFields(Set.of(), missing.path("extras"));
    }

    /** The header overrides what the arguments say. */
    @Test
    void theHeaderChoosesTheDialect() throws Exception {
        com.fasterxml.jackson.databind.node.ObjectNode action = AgentHarness.JSON.createObjectNode().put("action", "run");
        action.putObject("args").put("command", "echo hi").put("is_input", false);
        JsonNode o = agent.action(action, Map.of(WireDialect.HEADER, "2024"));
        assertFields(OpenHandsClients.CMD_OUTPUT_2024, o.path("extras"));
        var bad = agent.post("/execute_action", "{\"action\": {\"action\": \"run\", \"args\": {\"command\": \"true\"}}}",
                agent.key(), Map.of(WireDialect.HEADER, "1999"));
        assertEquals(400, bad.statusCode());
        assertTrue(bad.body().contains("must be 2024 or 2025"), bad.body());
    }

    private static List<String> fieldNames(JsonNode o) {
        List<String> names = new java.util.ArrayList<>();
        o.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
