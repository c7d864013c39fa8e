package dev.sandpod.agent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.util.Set;
import java.util.TreeSet;

import static dev.sandpod.agent.AgentHarness.JSON;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Actions exactly as OpenHands' two clients serialize them ({@code event_to_dict} of the action
 * dataclass), and the fields each era's observation dataclasses accept. Sources:
 * <ul>
 *   <li>2024: OpenHands commit 2d5b360505d8, {@code openhands/events/action/commands.py} and
 *       {@code files.py} (the args), {@code openhands/events/event.py} (setting a timeout sets
 *       {@code blocking}; the EventStreamRuntime always sets one: 120 s by default),
 *       {@code openhands/events/observation/commands.py}, {@code files.py}, {@code error.py}.</li>
 *   <li>2025: OpenHands commit 156d0686c4, {@code openhands/events/action/commands.py},
 *       {@code files.py}, {@code openhands/events/event.py} ({@code set_hard_timeout}),
 *       {@code openhands/runtime/impl/action_execution/action_execution_client.py} (120 s,
 *       non-blocking, when the action has none), {@code openhands/events/observation/commands.py}.</li>
 * </ul>
 */
final class OpenHandsClients {

    /** {@code CmdOutputObservation} of 2024: {@code command_id, command, exit_code=0, hidden=False}. */
    static final Set<String> CMD_OUTPUT_2024 = Set.of("command_id", "command", "exit_code", "hidden");
    /** {@code CmdOutputObservation.__init__} of 2025: {@code command, observation, metadata, hidden, **kwargs}. */
    static final Set<String> CMD_OUTPUT_2025 = Set.of("command", "metadata", "hidden");
    /** {@code CmdOutputMetadata} of 2025. */
    static final Set<String> CMD_METADATA_2025 = Set.of("exit_code", "pid", "username", "hostname", "working_dir",
            "py_interpreter_path", "prefix", "suffix");

    private final AgentHarness agent;

    OpenHandsClients(AgentHarness agent) {
        this.agent = agent;
    }

    /** A 2024 {@code CmdRunAction} as the EventStreamRuntime sends it: timeout set, so blocking is true. */
    JsonNode run2024(String command, Number timeout, boolean keepPrompt) throws IOException, InterruptedException {
        ObjectNode action = JSON.createObjectNode().put("message", "Running command: " + command).put("action", "run");
        action.putObject("args").put("command", command).put("thought", "").put("blocking", true)
                .put("keep_prompt", keepPrompt).put("hidden", false).put("is_confirmed", "confirmed");
        putTimeout(action, timeout == null ? 120 : timeout);
        return agent.action(action);
    }

    /** A 2024 {@code CmdRunAction} with {@code blocking} false, which that client could send only with no timeout set. */
    JsonNode run2024NonBlocking(String command, Number timeout) throws IOException, InterruptedException {
        ObjectNode action = JSON.createObjectNode().put("action", "run");
        action.putObject("args").put("command", command).put("thought", "").put("blocking", false)
                .put("keep_prompt", true).put("hidden", false).put("is_confirmed", "confirmed");
        if (timeout != null) {
            putTimeout(action, timeout);
        }
        return agent.action(action);
    }

    /** A 2024 {@code FileReadAction}: path, start, end, thought (security_risk None is dropped). */
    JsonNode read2024(String path) throws IOException, InterruptedException {
        ObjectNode action = JSON.createObjectNode().put("action", "read");
        action.putObject("args").put("path", path).put("start", 0).put("end", -1).put("thought", "");
        putTimeout(action, 120);
        return agent.action(action);
    }

    /**
     * A 2025 {@code CmdRunAction}. {@code timeout} null is the client's default (120 s, blocking
     * false); a number is {@code set_hard_timeout(t)}, which makes it blocking.
     */
    JsonNode run2025(String command, boolean isInput, Double timeout) throws IOException, InterruptedException {
        ObjectNode action = JSON.createObjectNode().put("message", "Running command: " + command).put("action", "run");
        action.putObject("args").put("command", command).put("is_input", isInput).put("thought", "")
                .put("blocking", timeout != null).put("is_static", false).putNull("cwd").put("hidden", false)
                .put("confirmation_state", "confirmed").put("security_risk", -1);
        action.put("timeout", timeout == null ? 120.0 : timeout);
        return agent.action(action);
    }

    /** {@link #run2025} on another thread, for a request that waits while the test sends others. */
    java.util.concurrent.CompletableFuture<JsonNode> run2025Async(String command, Double timeout, boolean blocking) {
        return java.util.concurrent.CompletableFuture.supplyAsync(() -> {
            try {
                ObjectNode action = JSON.createObjectNode().put("action", "run");
                action.putObject("args").put("command", command).put("is_input", false).put("blocking", blocking);
                action.put("timeout", timeout);
                return agent.action(action);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }, java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor());
    }

    /** A 2025 {@code FileReadAction} in its default mode. */
    JsonNode read2025(String path) throws IOException, InterruptedException {
        ObjectNode action = JSON.createObjectNode().put("action", "read");
        action.putObject("args").put("path", path).put("start", 0).put("end", -1).put("thought", "")
                .put("security_risk", -1).put("impl_source", "default").putNull("view_range");
        action.put("timeout", 120.0);
        return agent.action(action);
    }

    /** A 2025 {@code FileWriteAction}. */
    JsonNode write2025(String path, String content) throws IOException, InterruptedException {
        ObjectNode action = JSON.createObjectNode().put("action", "write");
        action.putObject("args").put("path", path).put("content", content).put("start", 0).put("end", -1)
                .put("thought", "").put("security_risk", -1);
        action.put("timeout", 120.0);
        return agent.action(action);
    }

    /** Ends whatever still runs, in the given era's words, so the next test starts at a prompt. */
    void settle(boolean legacy) throws IOException, InterruptedException {
        for (int i = 0; i < 5; i++) {
            JsonNode o = legacy ? run2024("", null, true) : run2025("", false, null);
            if (o.path("content").asText().contains("No previous running command")) {
                return;
            }
            if (legacy) {
                run2024("ctrl+c", null, true);
            } else {
                run2025("C-c", true, null);
            }
        }
    }

    private static void putTimeout(ObjectNode action, Number timeout) {
        if (timeout instanceof Integer i) {
            action.put("timeout", i);
        } else {
            action.put("timeout", timeout.doubleValue());
        }
    }

    static Set<String> names(JsonNode object) {
        Set<String> names = new TreeSet<>();
        object.fieldNames().forEachRemaining(names::add);
        return names;
    }

    /** The observation has exactly the fields that era's dataclass takes, so its constructor accepts it. */
    static void assertFields(Set<String> expected, JsonNode extras) {
        assertEquals(new TreeSet<>(expected), names(extras), extras.toString());
    }
}
