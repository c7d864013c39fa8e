package dev.sandpod.agent;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.IOException;
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

    @Test
    void withoutAKeyItListensOnLoopbackOnlyAndSaysSo() throws Exception {
        Assumptions.assumeFalse(AgentHarness.remote(), "starts its own agent process on this host");
        try (Started agent = Started.ready(null, "--port", "0", "--working-dir", Files.createTempDirectory("sandpod-agent-bind-").toString())) {
            assertEquals("127.0.0.1", agent.host, agent.log());
            assertTrue(agent.log().contains("WITHOUT authentication, on 127.0.0.1 only"), agent.log());
            assertTrue(agent.log().contains("auth off"), agent.log());
            assertEquals(200, status(URI.create("http://127.0.0.1:" + agent.port + "/alive")));
            java.net.InetAddress outside = nonLoopbackAddress();
            Assumptions.assumeTrue(outside != null, "this host has no address besides loopback to try");
            assertFalse(accepts(outside, agent.port), "reachable at " + outside.getHostAddress() + ":" + agent.port);
        }
    }

    @Test
    void withoutAKeyAnotherAddressIsRefusedWithExit2() throws Exception {
        Process process = java("--host", "0.0.0.0", "--port", "0").start();
        String stderr = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS));
        assertEquals(2, process.exitValue(), stderr);
        assertTrue(stderr.contains("Refusing to serve on 0.0.0.0 without SESSION_API_KEY"), stderr);
    }

    @Test
    void withoutAKeyAndWithAllowNoKeyItServesEveryInterfaceAndWarns() throws Exception {
        Assumptions.assumeFalse(AgentHarness.remote(), "starts its own agent process on this host");
        try (Started agent = Started.ready(null, "--host", "0.0.0.0", "--allow-no-key", "--port", "0",
                "--working-dir", Files.createTempDirectory("sandpod-agent-bind-").toString())) {
            assertEquals("0.0.0.0", agent.host, agent.log());
            assertTrue(agent.log().contains("WITHOUT authentication on 0.0.0.0"), agent.log());
            java.net.InetAddress outside = nonLoopbackAddress();
            Assumptions.assumeTrue(outside != null, "this host has no address besides loopback to try");
            assertTrue(accepts(outside, agent.port), "not reachable at " + outside.getHostAddress() + ":" + agent.port);
        }
    }

    @Test
    void withAKeyItListensOnEveryInterfaceWithoutAWarning() throws Exception {
        Assumptions.assumeFalse(AgentHarness.remote(), "starts its own agent process on this host");
        try (Started agent = Started.ready("bind-it-key-" + System.nanoTime(), "--port", "0",
                "--working-dir", Files.createTempDirectory("sandpod-agent-bind-").toString())) {
            assertEquals("0.0.0.0", agent.host, agent.log());
            assertFalse(agent.log().contains("WITHOUT authentication"), agent.log());
            assertTrue(agent.log().contains("auth on"), agent.log());
            java.net.InetAddress outside = nonLoopbackAddress();
            Assumptions.assumeTrue(outside != null, "this host has no address besides loopback to try");
            assertTrue(accepts(outside, agent.port), "not reachable at " + outside.getHostAddress() + ":" + agent.port);
        }
    }

    /** An agent process started until its ready line, with what it printed up to there. */
    private static final class Started implements AutoCloseable {
        final Process process;
        final List<String> lines = new ArrayList<>();
        String host;
        int port = -1;

        private Started(Process process) {
            this.process = process;
        }

        static Started ready(String key, String... args) throws Exception {
            ProcessBuilder builder = java(args).redirectErrorStream(true);
            builder.environment().remove("SESSION_API_KEY");
            if (key != null) {
                builder.environment().put("SESSION_API_KEY", key);
            }
            Started started = new Started(builder.start());
            BufferedReader reader = new BufferedReader(new InputStreamReader(started.process.getInputStream(), StandardCharsets.UTF_8));
            Pattern ready = Pattern.compile("Sandpod agent ready on (.+):(\\d+),");
            String line;
            while (started.port < 0 && (line = reader.readLine()) != null) {
                started.lines.add(line);
                Matcher m = ready.matcher(line);
                if (m.find()) {
                    started.host = m.group(1);
                    started.port = Integer.parseInt(m.group(2));
                }
            }
            if (started.port < 0) {
                started.close();
                throw new AssertionError("no ready line in: " + started.log());
            }
            return started;
        }

        String log() {
            return String.join("\n", lines);
        }

        @Override
        public void close() throws InterruptedException {
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }

    private static int status(URI uri) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private static boolean accepts(java.net.InetAddress address, int port) {
        try (java.net.Socket socket = new java.net.Socket()) {
            socket.connect(new java.net.InetSocketAddress(address, port), 5000);
            return true;
        } catch (java.io.IOException e) {
            return false;
        }
    }

    /** An IPv4 address of this host that is not loopback, or null. */
    private static java.net.InetAddress nonLoopbackAddress() throws java.net.SocketException {
        for (java.net.NetworkInterface nic : java.util.Collections.list(java.net.NetworkInterface.getNetworkInterfaces())) {
            if (!nic.isUp() || nic.isLoopback()) {
                continue;
            }
            for (java.net.InetAddress address : java.util.Collections.list(nic.getInetAddresses())) {
                if (address instanceof java.net.Inet4Address && !address.isLoopbackAddress()) {
                    return address;
                }
            }
        }
        return null;
    }

    /**
     * The distribution copied to another directory (as a derived image does) brings an AOT cache
     * trained for its old path, which the JVM maps by longest-common-prefix substitution. In a
     * container the classes it then restored had no code-source location and the agent, as root
     * acting for a user, refused to start ("cannot locate the classes of dev.sandpod.agent.files",
     * met by the CLI's Docker test); the agent no longer asks for code sources. On this host the JVM
     * keeps the locations, so here the test guards the moved-distribution path as a whole.
     */
    @Test
    void distributionMovedWithItsAotCacheStillActsAsTheUser() throws Exception {
        Assumptions.assumeFalse(AgentHarness.remote(), "starts its own agent process on this host");
        Path built = Path.of("target/sandpod-agent");
        Assumptions.assumeTrue(Files.isRegularFile(built.resolve("lib/sandpod-agent.aot")),
                "the distribution and its AOT cache are built by mvn package: " + built.toAbsolutePath());
        Assumptions.assumeTrue(ProcessHandle.current().info().user().orElse("").equals("root"),
                "the agent acts as another user only when it runs as root");
        Path moved = Files.createTempDirectory("sandpod-agent-moved-").resolve("sandpod-agent");
        copyTree(built, moved);
        TestUser user = TestUser.create("sandpod-moved-");
        Process agent = null;
        try {
            Path workspace = user.ownedDirectory();
            List<String> command = new ArrayList<>(List.of(moved.resolve("bin/sandpod-agent").toString(),
                    "--host", "127.0.0.1", "--port", "0"));
            command.addAll(List.of(user.agentArgs(workspace)));
            agent = new ProcessBuilder(command).redirectErrorStream(true).start();
            int port = AgentHarness.readyPort(agent);
            HttpResponse<String> written = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/execute_action"))
                            .POST(HttpRequest.BodyPublishers.ofString("{\"action\": {\"action\": \"write\", \"args\": "
                                    + "{\"path\": \"" + workspace.resolve("moved.txt") + "\", \"content\": \"hi\"}}}"))
                            .build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, written.statusCode(), written.body());
            assertEquals(user.uid(), (int) Files.getAttribute(workspace.resolve("moved.txt"), "unix:uid"),
                    "the file belongs to the sandbox user");
        } finally {
            if (agent != null) {
                agent.destroy();
                agent.waitFor(30, TimeUnit.SECONDS);
                agent.destroyForcibly();
            }
            user.remove();
            try (var paths = Files.walk(moved.getParent())) {
                for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (var paths = Files.walk(from)) {
            for (Path source : paths.toList()) {
                Path target = to.resolve(from.relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(source, target, java.nio.file.StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
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
