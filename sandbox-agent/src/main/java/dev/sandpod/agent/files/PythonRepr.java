package dev.sandpod.agent.files;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.Collection;
import java.util.StringJoiner;

/**
 * Values spelled as Python prints them ({@code [1, 2]}, {@code ['a', 3]}, {@code None}), for the
 * editor texts that quote a parameter's value.
 */
final class PythonRepr {

    private PythonRepr() {
    }

    static String of(JsonNode node) {
        if (node == null || node.isNull()) {
            return "None";
        }
        if (node.isArray()) {
            StringJoiner items = new StringJoiner(", ", "[", "]");
            node.forEach(item -> items.add(of(item)));
            return items.toString();
        }
        if (node.isObject()) {
            StringJoiner fields = new StringJoiner(", ", "{", "}");
            node.properties().forEach(e -> fields.add("'" + e.getKey() + "': " + of(e.getValue())));
            return fields.toString();
        }
        if (node.isTextual()) {
            return "'" + node.asText().replace("\\", "\\\\").replace("'", "\\'") + "'";
        }
        if (node.isBoolean()) {
            return node.asBoolean() ? "True" : "False";
        }
        return node.asText();
    }

    static String ofList(Collection<?> values) {
        StringJoiner items = new StringJoiner(", ", "[", "]");
        values.forEach(v -> items.add(String.valueOf(v)));
        return items.toString();
    }
}
