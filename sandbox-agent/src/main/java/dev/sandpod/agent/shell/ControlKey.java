package dev.sandpod.agent.shell;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A key like {@code C-c} or {@code ctrl+c} that a caller sends to the running process. */
record ControlKey(char letter) {

    static final ControlKey CTRL_C = new ControlKey('c');
    static final ControlKey CTRL_Z = new ControlKey('z');

    private static final Pattern KEY = Pattern.compile("(?i)(?:C-|CTRL\\+|CTRL-)([a-z])");

    static Optional<ControlKey> parse(String command) {
        Matcher m = KEY.matcher(command.strip());
        return m.matches() ? Optional.of(new ControlKey(m.group(1).toLowerCase(Locale.ROOT).charAt(0))) : Optional.empty();
    }

    /** The byte the terminal turns into SIGINT, EOF, SIGTSTP, ... */
    byte controlByte() {
        return (byte) (letter & 0x1f);
    }

    /** How OpenHands names the key in its messages: {@code CTRL+C}. */
    String label() {
        return "CTRL+" + Character.toUpperCase(letter);
    }

    /**
     * What a terminal with {@code echo ctlecho} shows for the key, as OpenHands' tmux pane did:
     * {@code ^C}; null for Ctrl-D, which the line discipline does not echo.
     */
    String echo() {
        return letter == 'd' ? null : "^" + Character.toUpperCase(letter);
    }

    /** The signal the terminal sends for the key (Ctrl-C, Ctrl-Z, Ctrl-\\), or null for a key that is data (Ctrl-D). */
    String signal() {
        return switch (letter) {
            case 'c' -> "INT";
            case 'z' -> "TSTP";
            default -> null;
        };
    }

    boolean isInterrupt() {
        return letter == 'c';
    }
}
