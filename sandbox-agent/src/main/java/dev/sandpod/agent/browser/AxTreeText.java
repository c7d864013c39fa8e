package dev.sandpod.agent.browser;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * The accessibility tree as the text BrowserGym gives a model (its {@code flatten_axtree_to_str}
 * with the options OpenHands uses: clickable marks, generic nodes kept): one node a line,
 * indented by depth, {@code [bid] role 'name'}, its value, then its properties; unnamed and
 * ignored nodes are left out with their children moved up, static text that repeats its parent's
 * name is dropped.
 */
final class AxTreeText {

    /**
     * BrowserGym's ignored roles, and InlineTextBox: Chromium lists a text's line boxes under its
     * StaticText once its accessibility has been asked for them; they only repeat that text.
     */
    private static final Set<String> IGNORED_ROLES = Set.of("LineBreak", "InlineTextBox");
    private static final Set<String> IGNORED_PROPERTIES = Set.of(
            "editable", "readonly", "level", "settable", "multiline", "invalid", "focusable");
    private static final Set<String> FLAG_PROPERTIES = Set.of("required", "focused", "atomic");

    private final Map<String, JsonNode> byId = new HashMap<>();
    private final JsonNode extra;

    private AxTreeText(JsonNode nodes, JsonNode extra) {
        for (JsonNode node : nodes) {
            byId.put(node.path("nodeId").asText(), node);
        }
        this.extra = extra;
    }

    /**
     * @param nodes the nodes of {@code Accessibility.getFullAXTree}, root first, each with its
     *              {@code browsergym_id} when its DOM element has a bid
     * @param extra per-bid properties ({@code clickable}, ...)
     */
    static String of(JsonNode nodes, JsonNode extra) {
        if (nodes == null || nodes.isEmpty()) {
            return "";
        }
        StringBuilder out = new StringBuilder();
        new AxTreeText(nodes, extra).visit(nodes.get(0), 0, "", out, 0);
        return out.toString();
    }

    private void visit(JsonNode node, int depth, String parentName, StringBuilder out, int guard) {
        if (guard > 1000) {
            return; // a cycle or an absurdly deep page: stop rather than overflow the stack
        }
        String role = node.path("role").path("value").asText("");
        boolean skip = IGNORED_ROLES.contains(role) || !node.has("name");
        String name = node.path("name").path("value").asText("");
        if (!skip) {
            String bid = node.hasNonNull("browsergym_id") ? node.get("browsergym_id").asText() : null;
            StringBuilder attributes = new StringBuilder();
            if (!role.equals("StaticText") && bid != null && extra.path(bid).path("clickable").asBoolean(false)) {
                attributes.append(", clickable");
            }
            for (JsonNode property : node.path("properties")) {
                JsonNode value = property.path("value");
                if (!value.has("value")) {
                    continue;
                }
                String propertyName = property.path("name").asText();
                if (IGNORED_PROPERTIES.contains(propertyName)) {
                    continue;
                }
                if (FLAG_PROPERTIES.contains(propertyName)) {
                    if (truthy(value.get("value"))) {
                        attributes.append(", ").append(propertyName);
                    }
                } else {
                    attributes.append(", ").append(propertyName).append('=').append(repr(value.get("value")));
                }
            }
            if (role.equals("StaticText") && parentName.contains(name)) {
                skip = true;
            }
            if (!skip) {
                if (!out.isEmpty()) {
                    out.append('\n');
                }
                out.append("\t".repeat(depth));
                if (bid != null) {
                    out.append('[').append(bid).append("] ");
                }
                out.append(role.equals("generic") && name.isEmpty() ? role : role + " " + repr(name.strip()));
                JsonNode nodeValue = node.path("value");
                if (nodeValue.has("value")) {
                    out.append(" value=").append(repr(nodeValue.get("value")));
                }
                out.append(attributes);
            }
        }
        for (JsonNode childId : node.path("childIds")) {
            JsonNode child = byId.get(childId.asText());
            if (child != null && child != node) {
                visit(child, skip ? depth : depth + 1, name, out, guard + 1);
            }
        }
    }

    private static boolean truthy(JsonNode value) {
        return value.isBoolean() ? value.asBoolean() : value.isNumber() ? value.asDouble() != 0 : !value.asText("").isEmpty();
    }

    /** A JSON value as Python's repr() spells it. */
    static String repr(JsonNode value) {
        if (value == null || value.isNull()) {
            return "None";
        }
        if (value.isBoolean()) {
            return value.asBoolean() ? "True" : "False";
        }
        if (value.isIntegralNumber()) {
            return value.asText();
        }
        if (value.isNumber()) {
            double d = value.asDouble();
            return d == Math.rint(d) && Math.abs(d) < 1e16 ? (long) d + ".0" : Double.toString(d);
        }
        return repr(value.asText());
    }

    /** A string as Python's repr() spells it: single quotes unless it holds one and no double quote. */
    static String repr(String text) {
        char quote = text.indexOf('\'') >= 0 && text.indexOf('"') < 0 ? '"' : '\'';
        StringBuilder out = new StringBuilder(text.length() + 2).append(quote);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c == quote) {
                        out.append('\\').append(c);
                    } else if (c < 0x20 || c == 0x7F) {
                        out.append(String.format("\\x%02x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append(quote).toString();
    }
}
