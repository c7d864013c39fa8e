package dev.sandpod.agent.browser;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads OpenHands' {@code browser_actions}: BrowserGym action calls in Python syntax, one or
 * more, on separate lines or separated by {@code ;}, such as {@code click("12")} or
 * {@code fill(bid="5", value='it''s "quoted"')}. Arguments are Python literals: strings (single,
 * double, triple quoted, with escapes; adjacent ones joined), numbers, True/False/None, lists and
 * tuples. BrowserGym runs the text as Python; the agent runs no Python on the caller's behalf, so
 * anything beyond calls with literal arguments is refused with the position of the problem.
 */
final class BrowserActionParser {

    /** One call as written: the function, positional arguments, keyword arguments. */
    record Call(String name, List<Object> args, Map<String, Object> kwargs, String source) {
    }

    /** Text that is not a list of calls; the message says where and why. */
    static final class SyntaxError extends Exception {
        SyntaxError(String message) {
            super(message);
        }
    }

    private final String text;
    private int pos;

    private BrowserActionParser(String text) {
        this.text = text;
    }

    static List<Call> parse(String text) throws SyntaxError {
        return new BrowserActionParser(text).calls();
    }

    private List<Call> calls() throws SyntaxError {
        List<Call> calls = new ArrayList<>();
        while (true) {
            skipSpace(true);
            if (pos >= text.length()) {
                return calls;
            }
            if (text.charAt(pos) == ';') {
                pos++;
                continue;
            }
            int start = pos;
            String name = identifier();
            skipSpace(false);
            expect('(');
            List<Object> args = new ArrayList<>();
            Map<String, Object> kwargs = new LinkedHashMap<>();
            skipSpace(true);
            while (peek() != ')') {
                int save = pos;
                String keyword = null;
                if (Character.isJavaIdentifierStart(peek())) {
                    String word = identifier();
                    skipSpace(true);
                    if (peek() == '=' && !text.startsWith("==", pos)) {
                        pos++;
                        keyword = word;
                    } else {
                        pos = save;
                    }
                }
                skipSpace(true);
                Object value = value();
                if (keyword != null) {
                    if (kwargs.put(keyword, value) != null) {
                        throw error("keyword argument " + keyword + " repeated");
                    }
                } else if (!kwargs.isEmpty()) {
                    throw error("positional argument follows keyword argument");
                } else {
                    args.add(value);
                }
                skipSpace(true);
                if (peek() == ',') {
                    pos++;
                    skipSpace(true);
                } else if (peek() != ')') {
                    throw error("expected ',' or ')'");
                }
            }
            pos++;
            calls.add(new Call(name, args, kwargs, text.substring(start, pos)));
            skipSpace(false);
            if (pos < text.length() && text.charAt(pos) != '\n' && text.charAt(pos) != ';' && text.charAt(pos) != '\r') {
                throw error("expected a new line or ';' after " + name + "(...)");
            }
        }
    }

    private Object value() throws SyntaxError {
        char c = peek();
        if (c == '[' || c == '(') {
            char close = c == '[' ? ']' : ')';
            pos++;
            List<Object> items = new ArrayList<>();
            skipSpace(true);
            while (peek() != close) {
                items.add(value());
                skipSpace(true);
                if (peek() == ',') {
                    pos++;
                    skipSpace(true);
                } else if (peek() != close) {
                    throw error("expected ',' or '" + close + "'");
                }
            }
            pos++;
            return items;
        }
        if (c == '"' || c == '\'' || ((c == 'r' || c == 'R' || c == 'u' || c == 'U') && pos + 1 < text.length()
                && (text.charAt(pos + 1) == '"' || text.charAt(pos + 1) == '\''))) {
            StringBuilder joined = new StringBuilder();
            do {
                joined.append(string());
                skipSpace(false);
            } while (pos < text.length() && (peek() == '"' || peek() == '\''));
            return joined.toString();
        }
        if (c == '-' || c == '+' || c == '.' || Character.isDigit(c)) {
            int start = pos;
            pos++;
            while (pos < text.length() && (Character.isLetterOrDigit(text.charAt(pos)) || text.charAt(pos) == '.' || text.charAt(pos) == '_'
                    || ((text.charAt(pos) == '-' || text.charAt(pos) == '+') && Character.toLowerCase(text.charAt(pos - 1)) == 'e'))) {
                pos++;
            }
            String number = text.substring(start, pos).replace("_", "");
            try {
                double value = Double.parseDouble(number);
                return value == Math.rint(value) && !number.contains(".") && !number.toLowerCase().contains("e") ? (Object) (long) value : (Object) value;
            } catch (NumberFormatException e) {
                pos = start;
                throw error("not a number: " + number);
            }
        }
        if (Character.isJavaIdentifierStart(c)) {
            int start = pos;
            String word = identifier();
            return switch (word) {
                case "True" -> Boolean.TRUE;
                case "False" -> Boolean.FALSE;
                case "None" -> null;
                default -> {
                    pos = start;
                    throw error("only literal arguments (strings, numbers, True, False, None, lists) are supported, not '" + word + "'");
                }
            };
        }
        throw error(pos >= text.length() ? "unexpected end of the actions" : "unexpected '" + c + "'");
    }

    private String string() throws SyntaxError {
        boolean raw = false;
        while (peek() == 'r' || peek() == 'R' || peek() == 'u' || peek() == 'U') {
            raw |= Character.toLowerCase(peek()) == 'r';
            pos++;
        }
        char quote = peek();
        boolean triple = text.startsWith(String.valueOf(quote).repeat(3), pos);
        int start = pos;
        pos += triple ? 3 : 1;
        StringBuilder out = new StringBuilder();
        while (true) {
            if (pos >= text.length()) {
                pos = start;
                throw error("string not closed");
            }
            char c = text.charAt(pos);
            if (triple ? text.startsWith(String.valueOf(quote).repeat(3), pos) : c == quote) {
                pos += triple ? 3 : 1;
                return out.toString();
            }
            if (c == '\n' && !triple) {
                pos = start;
                throw error("string not closed on its line (use a triple-quoted string or \\n)");
            }
            if (c == '\\' && pos + 1 < text.length()) {
                char next = text.charAt(pos + 1);
                if (raw) {
                    out.append(c).append(next);
                    pos += 2;
                    continue;
                }
                pos += 2;
                switch (next) {
                    case 'n' -> out.append('\n');
                    case 't' -> out.append('\t');
                    case 'r' -> out.append('\r');
                    case '0' -> out.append('\0');
                    case '\\', '\'', '"' -> out.append(next);
                    case '\n' -> { }
                    case 'x' -> out.append(hex(2));
                    case 'u' -> out.append(hex(4));
                    case 'U' -> out.appendCodePoint(Integer.parseInt(hexDigits(8), 16));
                    default -> out.append('\\').append(next);
                }
                continue;
            }
            out.append(c);
            pos++;
        }
    }

    private char hex(int digits) throws SyntaxError {
        return (char) Integer.parseInt(hexDigits(digits), 16);
    }

    private String hexDigits(int digits) throws SyntaxError {
        if (pos + digits > text.length() || !text.substring(pos, pos + digits).matches("[0-9a-fA-F]+")) {
            throw error("bad escape: expected " + digits + " hex digits");
        }
        String hex = text.substring(pos, pos + digits);
        pos += digits;
        return hex;
    }

    private String identifier() throws SyntaxError {
        int start = pos;
        if (pos >= text.length() || !Character.isJavaIdentifierStart(text.charAt(pos))) {
            throw error("expected an action such as click(\"12\")");
        }
        while (pos < text.length() && Character.isJavaIdentifierPart(text.charAt(pos))) {
            pos++;
        }
        return text.substring(start, pos);
    }

    /** Skips blanks and comments; new lines too when {@code newlines} (inside brackets, or between calls). */
    private void skipSpace(boolean newlines) {
        while (pos < text.length()) {
            char c = text.charAt(pos);
            if (c == '#') {
                while (pos < text.length() && text.charAt(pos) != '\n') {
                    pos++;
                }
            } else if (c == ' ' || c == '\t' || (newlines && (c == '\n' || c == '\r'))) {
                pos++;
            } else {
                return;
            }
        }
    }

    private char peek() {
        return pos < text.length() ? text.charAt(pos) : '\0';
    }

    private void expect(char c) throws SyntaxError {
        if (peek() != c) {
            throw error("expected '" + c + "'");
        }
        pos++;
    }

    private SyntaxError error(String what) {
        int line = 1;
        int column = 1;
        for (int i = 0; i < Math.min(pos, text.length()); i++) {
            if (text.charAt(i) == '\n') {
                line++;
                column = 1;
            } else {
                column++;
            }
        }
        return new SyntaxError("cannot read the browser actions at line " + line + ", column " + column + ": " + what);
    }
}
