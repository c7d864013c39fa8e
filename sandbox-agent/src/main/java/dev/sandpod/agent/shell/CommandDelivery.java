package dev.sandpod.agent.shell;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.stream.Stream;

/**
 * Gets one command to bash so that bash reads it as exactly one top-level command, and so prints
 * exactly one prompt sentinel for it. The text travels in a quoted heredoc (no expansion, a
 * delimiter no command contains) into a variable that is then {@code eval}ed on the same line;
 * should bash have split the text differently from {@link CommandSplitter}, a late second
 * sentinel would otherwise end the next command early. Incomplete input (an open quote) fails at
 * once with bash's syntax error instead of waiting for more.
 *
 * <p>A terminal in canonical mode keeps at most 4095 bytes of one input line and drops the rest,
 * so a command with a longer line is written to a file that the shell sources instead.
 */
final class CommandDelivery implements AutoCloseable {

    static final int MAX_TERMINAL_LINE = 4000;
    private static final String WRAPPER_START = "__sandpod_status=$?;";

    private final String delimiter;
    private final Path directory;
    private long next;

    CommandDelivery() throws IOException {
        byte[] random = new byte[8];
        new SecureRandom().nextBytes(random);
        delimiter = "SANDPOD_" + HexFormat.of().formatHex(random) + "_END";
        directory = Files.createTempDirectory("sandpod-commands-");
        // the shell may run as another user than the agent: it must be able to read the files
        Files.setPosixFilePermissions(directory, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    /**
     * Sends the command followed by Enter, tagged with {@code id}: the prompt after it reports that
     * id, so a prompt that input left in the terminal caused (bash reading it as commands once the
     * program it was meant for ended) is never taken for this command's. Returns the file the
     * command went through, or null.
     */
    Path send(ShellSession shell, String command, String id) throws IOException {
        if (!hasLongLine(command)) {
            // $? is kept for the command: it may well read the previous command's exit code
            shell.send(WRAPPER_START + " IFS= read -r -d '' __sandpod_command <<'" + delimiter + "'; __sandpod_id=" + id + "; "
                    + "__sandpod_return \"$__sandpod_status\"; eval \"$__sandpod_command\"\n"
                    + command + "\n" + delimiter + "\n");
            return null;
        }
        Path file = directory.resolve("command-" + (++next) + ".sh");
        Files.writeString(file, command + "\n", StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        shell.send("__sandpod_id=" + id + "; . '" + file + "'\n");
        return file;
    }

    /**
     * The output without the echo of what {@link #send} typed. The shell turns the terminal's echo
     * off, but a program may turn it back on ({@code stty echo}); OpenHands guards the same way.
     */
    String withoutEcho(String output) {
        if (output.startsWith(WRAPPER_START)) {
            int end = output.indexOf("\n" + delimiter);
            if (end >= 0) {
                int after = end + 1 + delimiter.length();
                return output.substring(after < output.length() && output.charAt(after) == '\n' ? after + 1 : after);
            }
        }
        if (output.startsWith("__sandpod_id=") && output.contains("; . '" + directory)) {
            int newline = output.indexOf('\n');
            return newline < 0 ? "" : output.substring(newline + 1);
        }
        return output;
    }

    private static boolean hasLongLine(String command) {
        int lineBytes = 0;
        for (int i = 0; i < command.length(); i++) {
            char c = command.charAt(i);
            lineBytes = c == '\n' ? 0 : lineBytes + (c < 0x80 ? 1 : 3);
            if (lineBytes > MAX_TERMINAL_LINE) {
                return true;
            }
        }
        return false;
    }

    void delete(Path file) {
        if (file != null) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                // a leftover command file in a temp directory is harmless
            }
        }
    }

    @Override
    public void close() {
        try (Stream<Path> files = Files.walk(directory)) {
            files.sorted(Comparator.reverseOrder()).forEach(this::delete);
        } catch (IOException e) {
            // the temp directory goes with the sandbox
        }
    }
}
