package dev.sandpod.agent;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static dev.sandpod.agent.AgentHarness.JSON;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code Main} as its own process: flags, exit codes, the ready line, SIGTERM. */
class AgentProcessIT {

    private static final Pattern READY = Pattern.compile("Sandpod agent ready on [^:]+:(\\d+)");

    @Test
    void badFlagsExitWith2AndSayWhy() throws Exception {
        Process process = java("--port", "not-a-port").start();
        String stderr = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS));
        assertEquals(2, process.exitValue());
        assertTrue(stderr.contains("--port must be a whole number"), stderr);
    }

    @Test
    void portInUseExitsNonZeroAndSaysWhich() throws Exception {
        Assumptions.assumeFalse(AgentHarness.remote(), "starts its own agent process on this host");
        try (java.net.ServerSocket taken = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            Path dir = Files.createTempDirectory("sandpod-agent-port-");
            Process process = java("--host", "127.0.0.1", "--port", Integer.toString(taken.getLocalPort()),
                    "--working-dir", dir.toString()).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(process.waitFor(60, TimeUnit.SECONDS));
            assertEquals(1, process.exitValue(), output);
            assertTrue(output.contains("cannot listen on 127.0.0.1:" + taken.getLocalPort()), output);
            assertFalse(output.contains("ready on"), output);
        }
    }

    @Test
    void helpExitsWith0() throws Exception {
        Process process = java("--help").start();
        String stdout = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, process.exitValue());
        assertTrue(stdout.contains("--working-dir"), stdout);
    }

    @Test
    void sigtermStopsServerAndShell() throws Exception {
        Assumptions.assumeFalse(AgentHarness.remote(), "starts its own agent process on this host");
        Path dir = Files.createTempDirectory("sandpod-agent-process-");
        String key = "process-it-key-" + System.nanoTime();
        ProcessBuilder builder = java("--port", "0", "--host", "127.0.0.1", "--working-dir", dir.toString());
        builder.environment().put("SESSION_API_KEY", key);
        builder.redirectErrorStream(true);
        Process agent = builder.start();
        List<String> log = new ArrayList<>();
        int port = -1;
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(agent.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while (port < 0 && (line = lines.readLine()) != null) {
                log.add(line);
                Matcher m = READY.matcher(line);
                if (m.find()) {
                    port = Integer.parseInt(m.group(1));
                }
            }
            assertTrue(port > 0, "no ready line in: " + log);
            assertFalse(String.join("\n", log).contains(key), "the API key must never be logged");

            HttpClient client = HttpClient.newHttpClient();
            HttpResponse<String> started = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/execute_action"))
                    .header("X-Session-API-Key", key)
                    .POST(HttpRequest.BodyPublishers.ofString("{\"action\": {\"action\": \"run\", \"args\": {\"command\": \"sleep 1000 & echo $!\"}}}"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            long sleeper = Long.parseLong(JSON.readTree(started.body()).path("content").asText().lines().reduce((a, b) -> b).orElseThrow().strip());
            assertTrue(ProcessHandle.of(sleeper).map(ProcessHandle::isAlive).orElse(false), "background job should run");

            new ProcessBuilder("kill", "-TERM", Long.toString(agent.pid())).start().waitFor();
            assertTrue(agent.waitFor(30, TimeUnit.SECONDS), "agent did not exit after SIGTERM");
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (ProcessHandle.of(sleeper).map(ProcessHandle::isAlive).orElse(false) && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            assertFalse(ProcessHandle.of(sleeper).map(ProcessHandle::isAlive).orElse(false), "the shell's job outlived the agent");
        } finally {
            agent.destroyForcibly();
        }
    }

    private static ProcessBuilder java(String... args) {
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add("--enable-native-access=ALL-UNNAMED");
        command.add(Main.class.getName());
        command.addAll(List.of(args));
        return new ProcessBuilder(command);
    }
}
