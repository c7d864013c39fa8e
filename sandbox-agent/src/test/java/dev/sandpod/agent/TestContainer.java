package dev.sandpod.agent;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A container of the sandbox image named by {@code SANDPOD_SANDBOX_IMAGE}, started with extra
 * {@code docker run} flags (limits), its agent published on a free port of 127.0.0.1 with a fresh
 * API key, and removed on close.
 */
final class TestContainer implements AutoCloseable {

    static final String IMAGE_VARIABLE = "SANDPOD_SANDBOX_IMAGE";
    /** The image's agent is started with the default soft timeout. */
    private static final int NO_CHANGE_SECONDS = 10;

    private final String id;
    private final AgentHarness agent;

    private TestContainer(String id, AgentHarness agent) {
        this.id = id;
        this.agent = agent;
    }

    static String image() {
        String image = System.getenv(IMAGE_VARIABLE);
        return image == null || image.isBlank() ? null : image;
    }

    static TestContainer start(String... dockerRunFlags) throws IOException, InterruptedException {
        byte[] random = new byte[16];
        new SecureRandom().nextBytes(random);
        String key = HexFormat.of().formatHex(random);
        List<String> run = new ArrayList<>(List.of("docker", "run", "-d", "-p", "127.0.0.1::47000",
                "-e", "SESSION_API_KEY=" + key, "--label", "dev.sandpod/ci=agent-limits-it"));
        run.addAll(List.of(dockerRunFlags));
        run.add(image());
        String id = docker(run).strip();
        try {
            String port = docker(List.of("docker", "port", id, "47000/tcp")).lines().findFirst().orElseThrow();
            AgentHarness agent = AgentHarness.connect(URI.create("http://127.0.0.1:" + port.substring(port.lastIndexOf(':') + 1)),
                    key, NO_CHANGE_SECONDS);
            TestContainer container = new TestContainer(id, agent);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
            while (!container.answers()) {
                if (System.nanoTime() > deadline || !container.running()) {
                    throw new IOException("the agent in " + image() + " did not answer /alive:\n" + container.logs());
                }
                Thread.sleep(200);
            }
            return container;
        } catch (IOException | InterruptedException | RuntimeException e) {
            docker(List.of("docker", "rm", "-f", id));
            throw e;
        }
    }

    AgentHarness agent() {
        return agent;
    }

    boolean answers() {
        try {
            return agent.get("/alive", false).statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Whether {@code GET /alive} answers 200 on a connection of its own (the server still accepts). */
    boolean answersOnANewConnection() throws InterruptedException {
        try (java.net.http.HttpClient fresh = java.net.http.HttpClient.newBuilder()
                .connectTimeout(java.time.Duration.ofSeconds(10)).build()) {
            return fresh.send(java.net.http.HttpRequest.newBuilder(agent.uri("/alive")).timeout(java.time.Duration.ofSeconds(20))
                    .build(), java.net.http.HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException e) {
            return false;
        }
    }

    boolean running() throws IOException, InterruptedException {
        return docker(List.of("docker", "inspect", "-f", "{{.State.Running}}", id)).strip().equals("true");
    }

    String logs() throws IOException, InterruptedException {
        return docker(List.of("docker", "logs", "--tail", "40", id));
    }

    @Override
    public void close() throws IOException {
        try {
            docker(List.of("docker", "rm", "-f", id));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String docker(List<String> command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(120, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IOException(String.join(" ", command) + " failed: " + output);
        }
        return output;
    }
}
