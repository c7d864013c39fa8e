package dev.sandpod.agent.shell;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Splits what a caller sent into bash's top-level commands: one per line, except that quotes,
 * {@code \} continuations, heredoc bodies, {@code ( )}/{@code $( )}/{@code { }} groups,
 * {@code if}/{@code case}/loops, and lines ending in {@code &&}, {@code ||} or {@code |} keep
 * their lines together. {@code ;} and {@code &} never split: a chain is one command. Input bash
 * itself could not parse to its end (an open quote) comes back whole, for bash to complain about.
 */
final class CommandSplitter {

    private static final Set<String> OPENERS = Set.of("if", "case", "do", "{");
    private static final Map<String, String> OPENER_OF = Map.of("fi", "if", "esac", "case", "done", "do", "}", "{");
    private static final Set<String> CLOSERS = OPENER_OF.keySet();
    private static final Set<String> KEEP_COMMAND_POSITION = Set.of(
            "if", "then", "else", "elif", "do", "while", "until", "{", "!", "time", "fi", "done", "esac", "}");

    private final String text;
    private final Deque<String> blocks = new ArrayDeque<>();
    private final Deque<String> pendingHeredocs = new ArrayDeque<>();
    private final List<String> commands = new ArrayList<>();
    private int pos;
    private int commandStart;
    private boolean commandPosition = true;
    private boolean continues;

    private CommandSplitter(String text) {
        this.text = text;
    }

    /** The top-level commands, trimmed; blank and comment-only ones are left out. */
    static List<String> split(String text) {
        return new CommandSplitter(text).run();
    }

    private List<String> run() {
        try {
            while (pos < text.length()) {
                step();
            }
        } catch (IllegalStateException unterminated) {
            return keep(text) ? List.of(text.strip()) : List.of();
        }
        if (!blocks.isEmpty()) {
            return keep(text) ? List.of(text.strip()) : List.of();
        }
        emit(text.length());
        return commands;
    }

    private void step() {
        char c = text.charAt(pos);
        switch (c) {
            case '\\' -> {
                pos += 2;
                wordSeen();
            }
            case '\'' -> {
                skipTo('\'', pos + 1);
                wordSeen();
            }
            case '"' -> {
                skipDoubleQuoted();
                wordSeen();
            }
            case '`' -> {
                skipBackquoted();
                wordSeen();
            }
            case '#' -> {
                if (atWordStart()) {
                    int nl = text.indexOf('\n', pos);
                    pos = nl < 0 ? text.length() : nl;
                } else {
                    pos++;
                }
            }
            case '\n' -> newline();
            case ' ', '\t', '\r' -> pos++;
            case '(' -> {
                blocks.push("(");
                pos++;
                commandPosition = true;
                continues = false;
            }
            case ')' -> {
                if ("(".equals(blocks.peek())) {
                    blocks.pop();
                }
                // else: a case pattern's closing parenthesis
                pos++;
                // what follows ")" may be a function body "{" or, after a case pattern, a command
                commandPosition = true;
                continues = false;
            }
            case ';', '&', '|' -> operator(c);
            case '<' -> redirection();
            default -> word();
        }
    }

    private void operator(char c) {
        boolean doubled = pos + 1 < text.length() && text.charAt(pos + 1) == c;
        pos += doubled ? 2 : 1;
        if (c == '&' && !doubled && pos < text.length() && text.charAt(pos) == '>') {
            return; // &> redirection
        }
        commandPosition = true;
        // a line ending in && || | goes on; one ending in ; ;; & is complete
        continues = c == '|' || (c == '&' && doubled);
    }

    private void redirection() {
        if (text.startsWith("<<<", pos)) {
            pos += 3;
            return;
        }
        if (!text.startsWith("<<", pos)) {
            pos++;
            return;
        }
        pos += 2;
        boolean stripTabs = pos < text.length() && text.charAt(pos) == '-';
        if (stripTabs) {
            pos++;
        }
        while (pos < text.length() && (text.charAt(pos) == ' ' || text.charAt(pos) == '\t')) {
            pos++;
        }
        StringBuilder delimiter = new StringBuilder();
        while (pos < text.length() && " \t\n;&|<>()".indexOf(text.charAt(pos)) < 0) {
            char d = text.charAt(pos);
            if (d == '\'' || d == '"') {
                int close = text.indexOf(d, pos + 1);
                if (close < 0) {
                    throw new IllegalStateException("open quote in heredoc delimiter");
                }
                delimiter.append(text, pos + 1, close);
                pos = close + 1;
            } else if (d == '\\' && pos + 1 < text.length()) {
                delimiter.append(text.charAt(pos + 1));
                pos += 2;
            } else {
                delimiter.append(d);
                pos++;
            }
        }
        pendingHeredocs.add((stripTabs ? "-" : "+") + delimiter);
        commandPosition = false;
    }

    private void word() {
        int start = pos;
        while (pos < text.length() && " \t\r\n;&|<>()'\"`\\#".indexOf(text.charAt(pos)) < 0) {
            if (text.charAt(pos) == '$' && pos + 1 < text.length() && text.charAt(pos + 1) == '(') {
                break;
            }
            pos++;
        }
        if (pos == start) {
            // "$(" : a command substitution opens a group
            if (text.startsWith("$(", pos)) {
                blocks.push("(");
                pos += 2;
                commandPosition = true;
                continues = false;
                return;
            }
            pos++;
            wordSeen();
            return;
        }
        String word = text.substring(start, pos);
        boolean wholeWord = pos >= text.length() || " \t\r\n;&|<>()".indexOf(text.charAt(pos)) >= 0;
        if (commandPosition && wholeWord) {
            if (OPENERS.contains(word)) {
                blocks.push(word);
            } else if (CLOSERS.contains(word) && OPENER_OF.get(word).equals(blocks.peek())) {
                blocks.pop();
            }
        }
        commandPosition = commandPosition && wholeWord && KEEP_COMMAND_POSITION.contains(word);
        continues = false;
    }

    private void wordSeen() {
        commandPosition = false;
        continues = false;
    }

    private boolean atWordStart() {
        return pos == 0 || " \t\r\n;&|()".indexOf(text.charAt(pos - 1)) >= 0;
    }

    private void skipTo(char close, int from) {
        int end = text.indexOf(close, from);
        if (end < 0) {
            throw new IllegalStateException("unterminated " + close);
        }
        pos = end + 1;
    }

    private void skipDoubleQuoted() {
        int i = pos + 1;
        int depth = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c == '\\') {
                i += 2;
                continue;
            }
            if (depth == 0 && c == '"') {
                pos = i + 1;
                return;
            }
            if (c == '$' && i + 1 < text.length() && text.charAt(i + 1) == '(') {
                depth++;
                i += 2;
                continue;
            }
            if (depth > 0 && c == ')') {
                depth--;
            }
            i++;
        }
        throw new IllegalStateException("unterminated \"");
    }

    private void skipBackquoted() {
        int i = pos + 1;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c == '\\') {
                i += 2;
                continue;
            }
            if (c == '`') {
                pos = i + 1;
                return;
            }
            i++;
        }
        throw new IllegalStateException("unterminated `");
    }

    private void newline() {
        pos++;
        while (!pendingHeredocs.isEmpty()) {
            skipHeredocBody(pendingHeredocs.poll());
        }
        if (blocks.isEmpty() && !continues) {
            emit(pos);
            commandPosition = true;
        } else {
            commandPosition = true;
        }
    }

    private void skipHeredocBody(String spec) {
        boolean stripTabs = spec.charAt(0) == '-';
        String delimiter = spec.substring(1);
        while (pos < text.length()) {
            int nl = text.indexOf('\n', pos);
            String line = text.substring(pos, nl < 0 ? text.length() : nl);
            pos = nl < 0 ? text.length() : nl + 1;
            String candidate = stripTabs ? line.replaceFirst("^\t+", "") : line;
            if (candidate.equals(delimiter) || candidate.strip().equals(delimiter) && candidate.endsWith("\r")) {
                return;
            }
        }
        // bash accepts a heredoc ended by the end of input, with a warning
    }

    private void emit(int end) {
        String command = text.substring(commandStart, end).strip();
        if (keep(command)) {
            commands.add(command);
        }
        commandStart = end;
    }

    private static boolean keep(String command) {
        for (String line : command.split("\n")) {
            String trimmed = line.strip();
            if (!trimmed.isEmpty() && !trimmed.startsWith("#")) {
                return true;
            }
        }
        return false;
    }
}
