package dev.sandpod.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The README's command-line block, run line by line as a user would paste it, from the root of
 * the repository, so the README cannot drift from what {@code bin/sandpod} does. The block's
 * {@code mvn} line is the one not run: this test runs after that build, and a nested Maven build
 * would rebuild the module under test. The session goes wherever {@code up} picks on this machine
 * (Docker when it has the sandbox image, else a local process), never to a cluster.
 */
class ReadmeCommandsIT {

    private static final String BEGIN = "<!-- readme-test: cli -->";
    private static final String END = "<!-- /readme-test -->";

    @TempDir
    Path home;

    private final Path repository = Path.of(System.getProperty("sandpod.repository", "..")).toAbsolutePath().normalize();

    @Test
    void everyCommandOfTheCliBlockSucceeds() throws Exception {
        List<String> commands = cliBlock();
        assertTrue(commands.stream().anyMatch(c -> c.startsWith("bin/sandpod up demo")), "the block lost its 'up': " + commands);
        String outputs = "";
        try {
            for (String command : commands) {
                if (command.startsWith("mvn ")) {
                    continue;
                }
                String out = run(command);
                outputs += "$ " + command + "\n" + out;
                if (command.startsWith("bin/sandpod up")) {
                    assertTrue(out.strip().startsWith("http://"), "up should print the endpoint: " + out);
                }
                if (command.startsWith("bin/sandpod exec")) {
                    assertTrue(out.contains("Python 3"), out);
                }
                if (command.equals("bin/sandpod ls")) {
                    assertTrue(out.contains("demo"), out);
                }
            }
        } finally {
            run0("bin/sandpod down demo");
        }
        assertEquals("hello\n", Files.readString(Path.of("/tmp/sandpod-readme/back.txt")), outputs);
        assertFalse(run0("bin/sandpod ls").contains("demo"), "down should remove the session");
    }

    /** The lines of the bash block between the markers, without comments. */
    private List<String> cliBlock() throws IOException {
        String readme = Files.readString(repository.resolve("README.md"), StandardCharsets.UTF_8);
        int begin = readme.indexOf(BEGIN);
        int end = readme.indexOf(END);
        assertTrue(begin >= 0 && end > begin, "README.md has no '" + BEGIN + "' ... '" + END + "' block");
        List<String> commands = new ArrayList<>();
        for (String line : readme.substring(begin + BEGIN.length(), end).split("\n")) {
            String command = line.replaceFirst("\\s+#\\s.*$", "").strip();
            if (!command.isEmpty() && !command.startsWith("```")) {
                commands.add(command);
            }
        }
        return commands;
    }

    private String run(String command) throws IOException, InterruptedException {
        Process process = start(command);
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(240, TimeUnit.SECONDS), command + " did not finish");
        String err = Files.readString(home.resolve("err"), StandardCharsets.UTF_8);
        assertEquals(0, process.exitValue(), "README command failed: " + command + "\nstdout: " + out + "\nstderr: " + err);
        return out;
    }

    /** A command whose failure is not the test's subject (clean-up, checks after it). */
    private String run0(String command) throws IOException, InterruptedException {
        Process process = start(command);
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        process.waitFor(240, TimeUnit.SECONDS);
        return out;
    }

    private Process start(String command) throws IOException {
        ProcessBuilder builder = new ProcessBuilder("bash", "-c", command).directory(repository.toFile())
                .redirectError(home.resolve("err").toFile());
        builder.environment().put("SANDPOD_HOME", home.resolve("sandpod").toString());
        builder.environment().put("KUBECONFIG", home.resolve("no-kubeconfig").toString());
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        return builder.start();
    }
}
