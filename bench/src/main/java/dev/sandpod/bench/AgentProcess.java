package dev.sandpod.bench;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/** The agent distribution started as a local process, the way the process runtime starts it. */
final class AgentProcess implements AutoCloseable {
    final Process process;
    final URI endpoint;
    final String key;
    final Path workDir;
    final long startedNanos;

    private AgentProcess(Process process, URI endpoint, String key, Path workDir, long startedNanos) {
        this.process = process;
        this.endpoint = endpoint;
        this.key = key;
        this.workDir = workDir;
        this.startedNanos = startedNanos;
    }

    /** An agent with a fresh key and working dir, started and answering /alive. */
    static AgentProcess startReady(Path agentHome, String... extraArgs) throws IOException, InterruptedException {
        AgentProcess agent = start(agentHome, Files.createTempDirectory("sandpod-bench").resolve("ws"), UUID.randomUUID().toString(), extraArgs);
        agent.client().awaitAlive(System.nanoTime() + TimeUnit.SECONDS.toNanos(30));
        return agent;
    }

    AgentClient client() {
        return new AgentClient(endpoint, key);
    }

    static AgentProcess start(Path agentHome, Path workDir, String key, String... extraArgs) throws IOException {
        int port = freePort();
        Path launcher = agentHome.resolve("bin/sandpod-agent");
        if (!Files.isExecutable(launcher)) {
            throw new IOException(launcher + " is missing: build it with `mvn -B -DskipTests package -pl sandbox-agent -am`");
        }
        List<String> command = new java.util.ArrayList<>(List.of(launcher.toString(),
                "--host", "127.0.0.1", "--port", Integer.toString(port), "--working-dir", workDir.toString()));
        command.addAll(List.of(extraArgs));
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(workDir.resolveSibling(workDir.getFileName() + ".log").toFile());
        builder.environment().put("SESSION_API_KEY", key);
        long started = System.nanoTime();
        Process process = builder.start();
        return new AgentProcess(process, URI.create("http://127.0.0.1:" + port), key, workDir, started);
    }

    /** Resident memory of the agent's JVM in MiB (the launcher execs it; else its java child). */
    double residentMiB() throws IOException {
        ProcessHandle jvm = process.toHandle();
        if (!isJava(jvm)) {
            Optional<ProcessHandle> child = process.descendants().filter(AgentProcess::isJava).findFirst();
            jvm = child.orElse(jvm);
        }
        return Rss.ofPid(jvm.pid()) / 1024.0;
    }

    private static boolean isJava(ProcessHandle handle) {
        return handle.info().command().map(c -> c.endsWith("/java")).orElse(false);
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    @Override
    public void close() throws InterruptedException {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        process.waitFor();
    }
}
