package dev.sandpod.agent.files;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Typed access to an action's {@code args}. A missing or mistyped argument becomes an
 * {@link InvalidArgumentException} whose text names the argument and what it should be.
 */
final class ActionArgs {

    private final String action;
    private final ObjectNode args;

    ActionArgs(String action, ObjectNode args) {
        this.action = action;
        this.args = args;
    }

    String requiredString(String name) {
        String value = optionalString(name);
        if (value == null) {
            throw new InvalidArgumentException("Missing argument `" + name + "` for action `" + action
                    + "`: add \"" + name + "\": \"...\" to the action's args.");
        }
        return value;
    }

    /** The string value, or null when absent or JSON null. */
    String optionalString(String name) {
        JsonNode node = args.get(name);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isTextual()) {
            throw new InvalidArgumentException(typeError(name, "a string", node));
        }
        return node.asText();
    }

    /** An integer given as a JSON integer or a string of digits; {@code fallback} when absent. */
    int optionalInt(String name, int fallback) {
        Integer value = optionalInteger(name);
        return value == null ? fallback : value;
    }

    Integer optionalInteger(String name) {
        JsonNode node = args.get(name);
        if (node == null || node.isNull()) {
            return null;
        }
        if (node.isIntegralNumber() && node.canConvertToInt()) {
            return node.intValue();
        }
        if (node.isTextual()) {
            try {
                return Integer.parseInt(node.asText().trim());
            } catch (NumberFormatException e) {
                // reported below
            }
        }
        throw new InvalidArgumentException(typeError(name, "an integer", node));
    }

    /** The raw value, or null when absent or JSON null. */
    JsonNode raw(String name) {
        JsonNode node = args.get(name);
        return node == null || node.isNull() ? null : node;
    }

    private String typeError(String name, String expected, JsonNode actual) {
        return "Argument `" + name + "` of action `" + action + "` must be " + expected + ", got " + actual + ".";
    }

    /** An argument the caller must fix; the message says which and how. */
    static final class InvalidArgumentException extends RuntimeException {
        InvalidArgumentException(String message) {
            super(message);
        }
    }
}
