package dev.sandpod.agent;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sandpod.api.agent.Action;
import dev.sandpod.api.agent.ActionTypes;
import dev.sandpod.api.agent.Observation;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The two eras of the OpenHands action execution protocol that the agent answers in. Their
 * clients deserialize an observation with {@code ObservationClass(content=..., **extras)}, so a
 * field that era's dataclass does not know makes the client fail: each dialect sends exactly
 * the fields of its era.
 *
 * <ul>
 *   <li>{@link #OPENHANDS_2024}: OpenHands at commit 2d5b360505d8 (October 2024), the pexpect
 *       server ({@code openhands/runtime/action_execution_server.py}) and its client
 *       ({@code openhands/runtime/impl/eventstream/eventstream_runtime.py}).</li>
 *   <li>{@link #OPENHANDS_2025}: OpenHands at commit 156d0686c4 (November 2025), the tmux server
 *       and {@code ActionExecutionClient}.</li>
 * </ul>
 */
public enum WireDialect {

    OPENHANDS_2024("2024"),
    OPENHANDS_2025("2025");

    /** The request header that names a dialect explicitly: {@code 2024} or {@code 2025}. */
    public static final String HEADER = "X-Sandpod-Dialect";

    /** Argument names only a 2024 client sends ({@code CmdRunAction.keep_prompt}, {@code Action.is_confirmed}). */
    private static final List<String> ONLY_2024 = List.of("keep_prompt", "is_confirmed");
    /** Argument names only a 2025 client sends. */
    private static final List<String> ONLY_2025 = List.of("is_input", "confirmation_state", "impl_source", "is_static",
            "include_extra", "view_range", "return_axtree");
    /**
     * The plugins' action types and the argument a 2025 client always sends with them, which the
     * 2024 dataclasses do not have: {@code IPythonRunCellAction.include_extra},
     * {@code BrowseURLAction.return_axtree} and {@code BrowseInteractiveAction.return_axtree}
     * (OpenHands 156d0686c4, {@code openhands/events/action/commands.py} and {@code browse.py}).
     */
    private static final Map<String, String> ERA_ARGUMENT_2025 = Map.of(
            ActionTypes.RUN_IPYTHON, "include_extra",
            ActionTypes.BROWSE, "return_axtree",
            ActionTypes.BROWSE_INTERACTIVE, "return_axtree");
    /**
     * File actions whose 2025 dataclass always sends {@code impl_source} ({@code FileReadAction},
     * {@code FileEditAction} at 156d0686c4): with a {@code thought} but without it, they come from a
     * 2024 client, even with the {@code security_risk} that 2024's security analyzer sets.
     */
    private static final Set<String> FILE_ACTIONS_WITH_IMPL_SOURCE = Set.of(ActionTypes.READ, ActionTypes.EDIT);
    /** {@code FileEditObservation} of 2024: no impl_source, diff or _diff_cache. */
    private static final Set<String> EDIT_2024 = Set.of("path", "prev_exist", "old_content", "new_content");

    private final String label;

    WireDialect(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    /** {@code 2024} or {@code 2025} (also {@code openhands-2024}); empty for anything else. */
    public static Optional<WireDialect> parse(String value) {
        String v = value == null ? "" : value.strip().toLowerCase(Locale.ROOT).replaceFirst("^openhands-", "");
        for (WireDialect dialect : values()) {
            if (dialect.label.equals(v)) {
                return Optional.of(dialect);
            }
        }
        return Optional.empty();
    }

    /**
     * The dialect the action's arguments give away, if any. A 2024 {@code run} carries
     * {@code keep_prompt} and no {@code is_input}; a 2025 one carries {@code is_input}. The file
     * actions of 2024 carry {@code thought} but no {@code security_risk} (it is dropped when None),
     * those of 2025 always carry {@code security_risk} (UNKNOWN is -1) and {@code impl_source}. A
     * 2025 cell carries {@code include_extra} and a 2025 browse {@code return_axtree}; a cell or
     * browse with {@code thought} but without them is 2024's, even with a {@code security_risk}
     * (2024's security analyzer sets one); so is a {@code read} or {@code edit} with {@code thought}
     * but without {@code impl_source}.
     */
    public static Optional<WireDialect> markedBy(Action action) {
        JsonNode args = action.args();
        if (ONLY_2024.stream().anyMatch(args::has)) {
            return Optional.of(OPENHANDS_2024);
        }
        if (ONLY_2025.stream().anyMatch(args::has)) {
            return Optional.of(OPENHANDS_2025);
        }
        if ((ERA_ARGUMENT_2025.containsKey(action.action()) || FILE_ACTIONS_WITH_IMPL_SOURCE.contains(action.action()))
                && args.has("thought")) {
            return Optional.of(OPENHANDS_2024);
        }
        if (args.has("security_risk")) {
            return Optional.of(OPENHANDS_2025);
        }
        if (args.has("thought")) {
            return Optional.of(OPENHANDS_2024);
        }
        return Optional.empty();
    }

    /**
     * For an action {@link #markedBy} finds no mark in: the dialect its own type implies. A
     * {@code run_ipython}, {@code browse} or {@code browse_interactive} without the argument every
     * 2025 client sends with it ({@code include_extra}, {@code return_axtree}) is answered in 2024's
     * shape, whose cell observation both eras' clients accept. Other types imply nothing. The
     * chooser does not remember this as the client's era: a bare cell says nothing about the client.
     */
    public static Optional<WireDialect> impliedBy(Action action) {
        return ERA_ARGUMENT_2025.containsKey(action.action()) ? Optional.of(OPENHANDS_2024) : Optional.empty();
    }

    /**
     * The JSON body of an observation in this dialect, as that era's {@code event_to_dict} wrote
     * it: {@code message}, {@code observation}, {@code content}, {@code extras} (only the fields
     * that era's dataclass accepts), and for 2025 commands and cells {@code success}.
     */
    public Map<String, Object> body(Observation observation) {
        Map<String, Object> extras = new LinkedHashMap<>(observation.extras() == null ? Map.of() : observation.extras());
        String type = observation.observation();
        if (this == OPENHANDS_2024) {
            switch (type) {
                case "read", "write" -> extras.keySet().retainAll(Set.of("path"));
                case "edit" -> extras.keySet().retainAll(EDIT_2024);
                case Observation.ERROR -> extras.clear();
                default -> {
                }
            }
        } else if (Observation.ERROR.equals(type)) {
            extras.putIfAbsent("error_id", "");
        }
        Map<String, Object> body = new LinkedHashMap<>();
        String message = message(type, observation.content(), extras);
        if (message != null) {
            body.put("message", message);
        }
        body.put("observation", type);
        body.put("content", observation.content() == null ? "" : observation.content());
        body.put("extras", extras);
        if (this == OPENHANDS_2025 && "run".equals(type)) {
            body.put("success", exitCode(extras) == 0);
        } else if (this == OPENHANDS_2025 && ActionTypes.RUN_IPYTHON.equals(type)) {
            body.put("success", true); // IPythonRunCellObservation.success, which the 2025 server sends
        }
        return body;
    }

    /** The observation dataclass's {@code message} property, which both eras serialize. */
    private static String message(String type, String content, Map<String, Object> extras) {
        return switch (type) {
            case "run" -> "Command `" + extras.get("command") + "` executed with exit code " + exitCode(extras) + ".";
            case "read" -> "I read the file " + extras.get("path") + ".";
            case "write" -> "I wrote to the file " + extras.get("path") + ".";
            case "edit" -> "I edited the file " + extras.get("path") + ".";
            case ActionTypes.RUN_IPYTHON -> "Code executed in IPython cell.";
            case ActionTypes.BROWSE -> "Visited " + extras.get("url");
            case Observation.ERROR -> content;
            default -> null;
        };
    }

    private static int exitCode(Map<String, Object> extras) {
        Object exit = extras.get("exit_code");
        if (exit == null && extras.get("metadata") instanceof Map<?, ?> metadata) {
            exit = metadata.get("exit_code");
        }
        return exit instanceof Number n ? n.intValue() : -1;
    }
}
