package dev.sandpod.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code bin/sandpod} as a user runs it: each command its own JVM. Proves what in-process tests
 * cannot: a process session's agent outlives the {@code up} that started it, and the next
 * command finds it through the session record.
 */
class LauncherIT {

    @TempDir
    Path home;

    private record Result(int exitCode, String out, String err) {
    }

    private Result sandpod(String... args) throws IOException, InterruptedException {
        return sandpod(home.resolve("no-kubeconfig"), args);
    }

    private Result sandpod(Path kubeconfig, String... args) throws IOException, InterruptedException {
        Path repository = Path.of(System.getProperty("sandpod.repository", "..")).toAbsolutePath().normalize();
        List<String> command = new java.util.ArrayList<>(List.of(repository.resolve("bin/sandpod").toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(home.toFile())
                .redirectOutput(home.resolve("out").toFile()).redirectError(home.resolve("err").toFile());
        builder.environment().put("SANDPOD_HOME", home.resolve("sandpod").toString());
        builder.environment().put("KUBECONFIG", kubeconfig.toString());
        builder.environment().keySet().removeIf(k -> k.startsWith("SANDPOD_") && !k.equals("SANDPOD_HOME"));
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        Process process = builder.start();
        assertTrue(process.waitFor(180, TimeUnit.SECONDS), "sandpod " + String.join(" ", args) + " did not finish");
        return new Result(process.exitValue(), Files.readString(home.resolve("out"), StandardCharsets.UTF_8),
                Files.readString(home.resolve("err"), StandardCharsets.UTF_8));
    }

    @Test
    void processSessionOutlivesTheUpCommand() throws Exception {
        Result up = sandpod("up", "launched", "--runtime", "process");
        assertEquals(0, up.exitCode(), up.toString());
        assertTrue(up.out().strip().startsWith("http://127.0.0.1:"), up.toString());
        try {
            Result exec = sandpod("exec", "launched", "--", "echo from-another-jvm; exit 5");
            assertEquals(5, exec.exitCode(), exec.toString());
            assertTrue(exec.out().contains("from-another-jvm"), exec.toString());
        } finally {
            Result down = sandpod("down", "launched");
            assertEquals(0, down.exitCode(), down.toString());
        }
        Result gone = sandpod("exec", "launched", "--", "true");
        assertEquals(1, gone.exitCode(), gone.toString());
    }

    @Test
    void theOperatorOnAWorkstationRunsOnlyTheNamespacesItIsGiven() throws Exception {
        // a configured cluster (not reached: the settings are checked first)
        Path kubeconfig = Files.writeString(home.resolve("kubeconfig"), """
                apiVersion: v1
                kind: Config
                clusters: [{name: c, cluster: {server: "https://127.0.0.1:1"}}]
                users: [{name: u, user: {token: t}}]
                contexts: [{name: c, context: {cluster: c, user: u}}]
                current-context: c
                """);
        Result operator = sandpod(kubeconfig, "operator");
        assertEquals(2, operator.exitCode(), operator.toString());
        assertTrue(operator.err().contains("outside a cluster, name the namespaces whose sessions this operator runs:"
                + " --namespaces=NS[,NS...]"), operator.toString());
    }
}
