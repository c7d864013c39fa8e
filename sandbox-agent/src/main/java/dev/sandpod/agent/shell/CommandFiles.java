package dev.sandpod.agent.shell;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Sends a command to the terminal. A terminal in canonical mode keeps at most 4095 bytes of one
 * input line and silently drops the rest, so a command with a longer line is written to a file
 * the shell sources instead; cwd, variables and functions persist either way.
 */
final class CommandFiles implements AutoCloseable {

    static final int MAX_TERMINAL_LINE = 4000;

    private final Path directory;
    private long next;

    CommandFiles() throws IOException {
        directory = Files.createTempDirectory("sandpod-commands-");
        // the shell may run as another user than the agent: it must be able to read the files
        Files.setPosixFilePermissions(directory, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    /** Sends the command followed by Enter; returns the file it went through, or null. */
    Path send(ShellSession shell, String command) throws IOException {
        if (!hasLongLine(command)) {
            shell.send(command + "\n");
            return null;
        }
        Path file = directory.resolve("command-" + (++next) + ".sh");
        Files.writeString(file, command + "\n", StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        shell.send(". '" + file + "'\n");
        return file;
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
