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
 *   <li>The plugins' actions and observations, at both commits: {@code openhands/events/action/commands.py}
 *       ({@code IPythonRunCellAction}), {@code openhands/events/action/browse.py},
 *       {@code openhands/events/observation/commands.py} ({@code IPythonRunCellObservation}),
 *       {@code openhands/events/observation/browse.py}; {@code openhands/events/serialization/event.py}
 *       ({@code event_to_dict}: every dataclass field is sent, a None {@code security_risk} is dropped;
 *       2025 adds {@code success} for observations that have that property).</li>
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

    /** {@code IPythonRunCellObservation} of 2024: {@code content, code}. */
    static final Set<String> IPYTHON_2024 = Set.of("code");
    /** {@code IPythonRunCellObservation} of 2025: {@code content, code, image_urls=None}. */
    static final Set<String> IPYTHON_2025 = Set.of("code", "image_urls");
    /** {@code BrowserOutputObservation} of 2024 (besides {@code content}). */
    static final Set<String> BROWSER_OUTPUT_2024 = Set.of("url", "screenshot", "error", "open_pages_urls", "active_page_index",
            "dom_object", "axtree_object", "extra_element_properties", "last_browser_action", "last_browser_action_error",
            "focused_element_bid");
    /** {@code BrowserOutputObservation} of 2025 (besides {@code content}); {@code trigger_by_action} has no default. */
    static final Set<String> BROWSER_OUTPUT_2025 = Set.of("url", "trigger_by_action", "screenshot", "screenshot_path",
            "set_of_marks", "error", "goal_image_urls", "open_pages_urls", "active_page_index", "dom_object", "axtree_object",
            "extra_element_properties", "last_browser_action", "last_browser_action_error", "focused_element_bid",
            "filter_visible_only");
    /** The top-level keys of an observation each era's server sends ({@code TOP_KEYS} that are set, content, extras). */
    static final Set<String> TOP_LEVEL = Set.of("message", "observation", "content", "extras");
    /** ... and those of a 2025 observation whose class has a {@code success} property (commands, cells). */
    static final Set<String> TOP_LEVEL_WITH_SUCCESS = Set.of("message", "observation", "content", "extras", "success");

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

    /** A 2024 {@code IPythonRunCellAction} (with the 120 s timeout that client sets on every action). */
    static ObjectNode cell2024(String code) {
        ObjectNode action = JSON.createObjectNode().put("message", "Running Python code interactively: " + code)
                .put("action", "run_ipython");
        action.putObject("args").put("code", code).put("thought", "").put("is_confirmed", "confirmed")
                .put("kernel_init_code", "");
        return action.put("timeout", 120);
    }

    /** A 2025 {@code IPythonRunCellAction}. */
    static ObjectNode cell2025(String code) {
        ObjectNode action = JSON.createObjectNode().put("message", "Running Python code interactively: " + code)
                .put("action", "run_ipython");
        action.putObject("args").put("code", code).put("thought", "").put("include_extra", true)
                .put("confirmation_state", "confirmed").put("security_risk", -1).put("kernel_init_code", "");
        return action.put("timeout", 120.0);
    }

    /** A 2024 {@code BrowseURLAction}. */
    static ObjectNode browse2024(String url) {
        ObjectNode action = JSON.createObjectNode().put("message", "Browsing URL: " + url).put("action", "browse");
        action.putObject("args").put("url", url).put("thought", "");
        return action.put("timeout", 120);
    }

    /** A 2025 {@code BrowseURLAction}. */
    static ObjectNode browse2025(String url, boolean returnAxtree) {
        ObjectNode action = JSON.createObjectNode().put("message", "I am browsing the URL: " + url).put("action", "browse");
        action.putObject("args").put("url", url).put("thought", "").put("security_risk", -1).put("return_axtree", returnAxtree);
        return action.put("timeout", 120.0);
    }

    /** A 2024 {@code BrowseInteractiveAction}. */
    static ObjectNode interactive2024(String browserActions) {
        ObjectNode action = JSON.createObjectNode().put("message", "Executing browser actions: " + browserActions)
                .put("action", "browse_interactive");
        action.putObject("args").put("browser_actions", browserActions).put("thought", "").put("browsergym_send_msg_to_user", "");
        return action.put("timeout", 120);
    }

    /** A 2025 {@code BrowseInteractiveAction}. */
    static ObjectNode interactive2025(String browserActions, boolean returnAxtree) {
        ObjectNode action = JSON.createObjectNode().put("action", "browse_interactive");
        action.putObject("args").put("browser_actions", browserActions).put("thought", "").put("browsergym_send_msg_to_user", "")
                .put("security_risk", -1).put("return_axtree", returnAxtree);
        return action.put("timeout", 120.0);
    }

    /**
     * Every field of the observation is one the dialect's dataclass takes, and its top level is what
     * that era's server sends: so {@code observation_from_dict} of that era's client accepts it.
     */
    static void assertAccepted(WireDialect dialect, Set<String> extras2024, Set<String> extras2025, boolean success2025,
                               JsonNode observation) {
        boolean older = dialect == WireDialect.OPENHANDS_2024;
        // names only: a browse observation's extras hold a screenshot of several hundred kilobytes
        assertEquals(new TreeSet<>(older ? extras2024 : extras2025), names(observation.path("extras")),
                "extras of " + dialect.label());
        assertEquals(new TreeSet<>(older || !success2025 ? TOP_LEVEL : TOP_LEVEL_WITH_SUCCESS), names(observation),
                "top-level keys of " + dialect.label());
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
