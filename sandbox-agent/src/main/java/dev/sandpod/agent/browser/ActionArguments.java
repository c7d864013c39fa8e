package dev.sandpod.agent.browser;

import dev.sandpod.agent.browser.PageActions.ActionError;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * BrowserGym's action functions as signatures: a parsed call is bound to its parameters by
 * position and keyword, as Python would, and its arguments read with the types BrowserGym takes;
 * mistakes come back in Python's words ({@code TypeError: click() missing 1 required positional
 * argument: 'bid'}).
 */
final class ActionArguments {

    private ActionArguments() {
    }

    /** A function's parameters and how many of them (the first ones) are required. */
    private record Signature(List<String> parameters, int required) {
    }

    static final Map<String, Signature> SIGNATURES = signatures();

    private static Map<String, Signature> signatures() {
        Map<String, Signature> s = new LinkedHashMap<>();
        s.put("goto", new Signature(List.of("url"), 1));
        s.put("go_back", new Signature(List.of(), 0));
        s.put("go_forward", new Signature(List.of(), 0));
        s.put("click", new Signature(List.of("bid", "button", "modifiers"), 1));
        s.put("dblclick", new Signature(List.of("bid", "button", "modifiers"), 1));
        s.put("hover", new Signature(List.of("bid"), 1));
        s.put("fill", new Signature(List.of("bid", "value", "enable_autocomplete_menu"), 2));
        s.put("clear", new Signature(List.of("bid"), 1));
        s.put("focus", new Signature(List.of("bid"), 1));
        s.put("check", new Signature(List.of("bid"), 1));
        s.put("uncheck", new Signature(List.of("bid"), 1));
        s.put("select_option", new Signature(List.of("bid", "options"), 2));
        s.put("press", new Signature(List.of("bid", "key_comb"), 2));
        s.put("keyboard_press", new Signature(List.of("key"), 1));
        s.put("keyboard_type", new Signature(List.of("text"), 1));
        s.put("scroll", new Signature(List.of("delta_x", "delta_y"), 2));
        s.put("mouse_click", new Signature(List.of("x", "y", "button"), 2));
        s.put("new_tab", new Signature(List.of(), 0));
        s.put("tab_focus", new Signature(List.of("index"), 1));
        s.put("tab_close", new Signature(List.of(), 0));
        s.put("noop", new Signature(List.of("wait_ms"), 0));
        s.put("send_msg_to_user", new Signature(List.of("text"), 1));
        s.put("report_infeasible", new Signature(List.of("reason"), 1));
        return Map.copyOf(s);
    }

    /** Checks a call against BrowserGym's function signatures; answers its arguments by name. */
    static Map<String, Object> bind(BrowserActionParser.Call call) throws ActionError {
        Signature signature = SIGNATURES.get(call.name());
        if (signature == null) {
            throw new ActionError("NameError: the browser action '" + call.name() + "' is not supported. Supported actions: "
                    + String.join(", ", SIGNATURES.keySet().stream().sorted().toList()) + ".");
        }
        if (call.args().size() > signature.parameters().size()) {
            throw new ActionError("TypeError: " + call.name() + "() takes " + signature.parameters().size()
                    + " positional arguments but " + call.args().size() + " were given");
        }
        Map<String, Object> bound = new LinkedHashMap<>();
        for (int i = 0; i < call.args().size(); i++) {
            bound.put(signature.parameters().get(i), call.args().get(i));
        }
        for (Map.Entry<String, Object> keyword : call.kwargs().entrySet()) {
            if (!signature.parameters().contains(keyword.getKey())) {
                throw new ActionError("TypeError: " + call.name() + "() got an unexpected keyword argument '" + keyword.getKey() + "'");
            }
            if (bound.containsKey(keyword.getKey())) {
                throw new ActionError("TypeError: " + call.name() + "() got multiple values for argument '" + keyword.getKey() + "'");
            }
            bound.put(keyword.getKey(), keyword.getValue());
        }
        for (String required : signature.parameters().subList(0, signature.required())) {
            if (!bound.containsKey(required)) {
                throw new ActionError("TypeError: " + call.name() + "() missing 1 required positional argument: '" + required + "'");
            }
        }
        return bound;
    }

    static String bid(Map<String, Object> args) throws ActionError {
        Object bid = args.get("bid");
        if (bid instanceof String text) {
            return text;
        }
        if (bid instanceof Long number) {
            return number.toString();
        }
        throw new ActionError("ValueError: expected a string bid such as \"12\", got " + (bid == null ? "None" : bid));
    }

    static String text(Map<String, Object> args, String name) throws ActionError {
        Object value = args.get(name);
        if (value instanceof String text) {
            return text;
        }
        throw new ActionError("TypeError: " + name + " must be a string, got " + (value == null ? "None" : value));
    }

    static double number(Map<String, Object> args, String name, double fallback) throws ActionError {
        Object value = args.getOrDefault(name, fallback);
        if (value instanceof Number number) {
            return number.doubleValue();
        }
        throw new ActionError("TypeError: " + name + " must be a number, got " + (value == null ? "None" : AxTreeText.repr(String.valueOf(value))));
    }

    static String button(Map<String, Object> args) throws ActionError {
        Object button = args.getOrDefault("button", "left");
        if (button instanceof String name && List.of("left", "middle", "right").contains(name)) {
            return name;
        }
        throw new ActionError("ValueError: button must be \"left\", \"middle\" or \"right\", got " + button);
    }

    static int modifiers(Map<String, Object> args) throws ActionError {
        Object value = args.getOrDefault("modifiers", List.of());
        if (!(value instanceof List<?> list)) {
            throw new ActionError("TypeError: modifiers must be a list such as [\"Shift\"], got " + value);
        }
        int bits = 0;
        for (Object modifier : list) {
            bits |= switch (String.valueOf(modifier)) {
                case "Alt" -> 1;
                case "Control", "ControlOrMeta" -> 2;
                case "Meta" -> 4;
                case "Shift" -> 8;
                default -> throw new ActionError("ValueError: unknown modifier " + modifier + "; use Alt, Control, Meta or Shift");
            };
        }
        return bits;
    }
}
