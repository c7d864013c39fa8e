package dev.sandpod.api.agent;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * An action as the OpenHands action execution server receives it inside
 * {@code {"action": {...}}}: its type ({@code run}, {@code read}, ...), its arguments, and an
 * optional hard timeout in seconds. Fields that OpenHands sends and Sandpod does not use
 * ({@code id}, {@code timestamp}, {@code source}, {@code message}) are ignored.
 *
 * @param action  the action type, one of {@link ActionTypes}
 * @param args    the action's arguments; never null once read by the agent
 * @param timeout the hard timeout in seconds, or null for the action's default
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Action(String action, ObjectNode args, Double timeout) {

    /** An action with no timeout. */
    public Action(String action, ObjectNode args) {
        this(action, args, null);
    }

    /** A fresh, empty argument object to fill with {@code put(...)}. */
    public static ObjectNode newArgs() {
        return JsonNodeFactory.instance.objectNode();
    }
}
