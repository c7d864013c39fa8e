package dev.sandpod.agent.browser;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Playwright's key names ({@code "Enter"}, {@code "Control+a"}, {@code "Shift+Tab"}) as DevTools
 * key events: key, code, Windows key code, the text a key types, and the modifier bits.
 */
final class Keys {

    private record Key(String key, String code, int keyCode, String text) {
    }

    private static final Map<String, Key> NAMED = Map.ofEntries(
            Map.entry("Enter", new Key("Enter", "Enter", 13, "\r")),
            Map.entry("Tab", new Key("Tab", "Tab", 9, "")),
            Map.entry("Backspace", new Key("Backspace", "Backspace", 8, "")),
            Map.entry("Delete", new Key("Delete", "Delete", 46, "")),
            Map.entry("Escape", new Key("Escape", "Escape", 27, "")),
            Map.entry("Space", new Key(" ", "Space", 32, " ")),
            Map.entry("ArrowLeft", new Key("ArrowLeft", "ArrowLeft", 37, "")),
            Map.entry("ArrowUp", new Key("ArrowUp", "ArrowUp", 38, "")),
            Map.entry("ArrowRight", new Key("ArrowRight", "ArrowRight", 39, "")),
            Map.entry("ArrowDown", new Key("ArrowDown", "ArrowDown", 40, "")),
            Map.entry("Home", new Key("Home", "Home", 36, "")),
            Map.entry("End", new Key("End", "End", 35, "")),
            Map.entry("PageUp", new Key("PageUp", "PageUp", 33, "")),
            Map.entry("PageDown", new Key("PageDown", "PageDown", 34, "")),
            Map.entry("Insert", new Key("Insert", "Insert", 45, "")));
    private static final Map<String, Integer> MODIFIERS = Map.of(
            "Alt", 1, "Control", 2, "ControlOrMeta", 2, "Meta", 4, "Shift", 8);

    private Keys() {
    }

    /** The keyDown and keyUp events of a combination; throws when a part is not a key. */
    static List<ObjectNode> events(String combination) throws IllegalArgumentException {
        if (combination == null || combination.isEmpty()) {
            throw new IllegalArgumentException("an empty key; use a key name such as \"Enter\" or \"Control+a\"");
        }
        // "+" alone, or a combination ending in "++" ("Control++"), presses the plus key
        String name;
        String modifierNames;
        if (combination.equals("+") || combination.endsWith("++")) {
            name = "+";
            modifierNames = combination.length() > 2 ? combination.substring(0, combination.length() - 2) : "";
        } else {
            int last = combination.lastIndexOf('+');
            name = combination.substring(last + 1);
            modifierNames = last < 0 ? "" : combination.substring(0, last);
        }
        int modifiers = 0;
        for (String modifier : modifierNames.isEmpty() ? new String[0] : modifierNames.split("\\+")) {
            Integer bit = MODIFIERS.get(modifier);
            if (bit == null) {
                throw new IllegalArgumentException("unknown modifier \"" + modifier + "\" in \"" + combination
                        + "\"; use Alt, Control, Meta, Shift or ControlOrMeta");
            }
            modifiers |= bit;
        }
        Key key = key(name, combination);
        boolean types = !key.text.isEmpty() && (modifiers & ~8) == 0;
        List<ObjectNode> events = new ArrayList<>();
        ObjectNode down = CdpClient.JSON.createObjectNode()
                .put("type", types ? "keyDown" : "rawKeyDown")
                .put("key", key.key)
                .put("code", key.code)
                .put("windowsVirtualKeyCode", key.keyCode)
                .put("modifiers", modifiers);
        if (types) {
            down.put("text", key.text).put("unmodifiedText", key.text);
        }
        events.add(down);
        events.add(CdpClient.JSON.createObjectNode()
                .put("type", "keyUp")
                .put("key", key.key)
                .put("code", key.code)
                .put("windowsVirtualKeyCode", key.keyCode)
                .put("modifiers", modifiers));
        return events;
    }

    private static Key key(String name, String combination) {
        Key named = NAMED.get(name);
        if (named != null) {
            return named;
        }
        if (name.matches("F([1-9]|1[0-2])")) {
            return new Key(name, name, 111 + Integer.parseInt(name.substring(1)), "");
        }
        if (name.codePointCount(0, name.length()) == 1) {
            char c = name.charAt(0);
            String code = Character.isLetter(c) ? "Key" + Character.toUpperCase(c) : Character.isDigit(c) ? "Digit" + c : "";
            int keyCode = Character.isLetterOrDigit(c) && c < 128 ? Character.toUpperCase(c) : 0;
            return new Key(name, code, keyCode, name);
        }
        throw new IllegalArgumentException("unknown key \"" + name + "\" in \"" + combination
                + "\"; use a character or a name such as Enter, Tab, Backspace, Escape, ArrowDown, PageDown, F5");
    }
}
