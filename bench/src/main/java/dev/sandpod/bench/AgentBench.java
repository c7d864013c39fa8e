package dev.sandpod.bench;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * The agent's figures (issue 2), each beside its baseline in the same run:
 * <ul>
 *   <li>{@code echo hi} through {@code /execute_action} on loopback vs the same on a raw pty4j bash;</li>
 *   <li>agent start to the first 200 from {@code /alive} as a process (vs the bare JVM's start) and in a
 *       container (vs {@code docker run} of the same image running {@code true});</li>
 *   <li>agent resident memory idle and after 1,000 actions;</li>
 *   <li>{@code seq 1 1000000} through the agent vs the same on a raw PTY.</li>
 * </ul>
 * Usage: {@code AgentBench AGENT_HOME [rounds]}; prints a Markdown table.
 */
public final class AgentBench {
    private static final String IMAGE = System.getProperty("sandpod.image", "sandpod/sandbox:dev");
    private final Path agentHome;
    private final int rounds;
    private final Table report = new Table("Sandpod agent");

    private AgentBench(Path agentHome, int rounds) {
        this.agentHome = agentHome;
        this.rounds = rounds;
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 1) {
            System.err.println("usage: AgentBench AGENT_HOME [rounds]   (AGENT_HOME: sandbox-agent/target/sandpod-agent)");
            System.exit(2);
        }
        AgentBench bench = new AgentBench(Path.of(args[0]).toAbsolutePath(), args.length > 1 ? Integer.parseInt(args[1]) : 2000);
        bench.roundTripAndMemory();
        bench.throughput();
        bench.processStart();
        bench.containerStart();
        bench.report.print(System.out);
    }

    private void roundTripAndMemory() throws Exception {
        try (AgentProcess agent = AgentProcess.startReady(agentHome);
             RawPty raw = new RawPty()) {
            AgentClient client = agent.client();
            Thread.sleep(2000);
            double idle = agent.residentMiB();
            progress("round trip: %d echo hi through the agent and through a raw PTY, interleaved", rounds);
            Samples viaAgent = new Samples();
            Samples viaPty = new Samples();
            Samples alive = new Samples();
            Samples readAction = new Samples();
            Path small = Files.writeString(agent.workDir.resolveSibling("small.txt"), "hi\n");
            Samples viaRawHttp = new Samples();
            Samples aliveRaw = new Samples();
            RawHttp rawHttp = new RawHttp(agent.endpoint, agent.key);
            String echo = "{\"action\":{\"action\":\"run\",\"args\":{\"command\":\"echo hi\",\"blocking\":true},\"timeout\":30}}";
            for (int i = 0; i < rounds + 200; i++) {
                long t0 = System.nanoTime();
                JsonNode obs = client.run("echo hi", 30);
                long t1 = System.nanoTime();
                raw.runCommand("echo hi");
                long t2 = System.nanoTime();
                client.alive();
                long t3 = System.nanoTime();
                client.read(small.toString());
                long t4 = System.nanoTime();
                String rawObs = rawHttp.post("/execute_action", echo);
                long t5 = System.nanoTime();
                rawHttp.get("/alive");
                long t6 = System.nanoTime();
                if (i == 0 && !rawObs.contains("\"content\":\"hi\"")) {
                    throw new IllegalStateException("unexpected observation: " + rawObs);
                }
                if (i == 0 && !obs.path("content").asText().contains("hi")) {
                    throw new IllegalStateException("unexpected observation: " + obs);
                }
                if (i >= 200) {
                    viaAgent.add(t1 - t0);
                    viaPty.add(t2 - t1);
                    alive.add(t3 - t2);
                    readAction.add(t4 - t3);
                    viaRawHttp.add(t5 - t4);
                    aliveRaw.add(t6 - t5);
                }
                if (i % 500 == 0) {
                    progress("  %d/%d", i, rounds + 200);
                }
            }
            double after = agent.residentMiB();
            report.row("`echo hi` round trip, JDK HttpClient, p50", viaAgent.medianMillis(), viaPty.medianMillis(), "ms", "raw pty4j bash");
            report.row("`echo hi` round trip, JDK HttpClient, p99", viaAgent.percentileMillis(99), viaPty.percentileMillis(99), "ms", "raw pty4j bash");
            report.row("`echo hi` round trip, minimal HTTP/1.1 client, p50", viaRawHttp.medianMillis(), viaPty.medianMillis(), "ms", "raw pty4j bash");
            report.row("`echo hi` round trip, minimal HTTP/1.1 client, p99", viaRawHttp.percentileMillis(99), viaPty.percentileMillis(99), "ms", "raw pty4j bash");
            rawHttp.close();
            report.row("HTTP floor: `GET /alive` round trip, JDK HttpClient, p50", alive.medianMillis(), Double.NaN, "ms", "");
            report.row("HTTP floor: `GET /alive` round trip, minimal HTTP/1.1 client, p50", aliveRaw.medianMillis(), Double.NaN, "ms", "");
            report.row("HTTP + JSON floor: `read` action of a 3-byte file, JDK HttpClient, p50", readAction.medianMillis(), Double.NaN, "ms", "");
            // what the agent itself adds to an echo: the round trip less the HTTP floor and the raw PTY
            report.row("agent's own share of `echo hi` (minimal client p50 - `/alive` p50 - raw PTY p50)",
                    viaRawHttp.medianMillis() - aliveRaw.medianMillis() - viaPty.medianMillis(), Double.NaN, "ms", "");
            report.row("agent RSS idle", idle, Double.NaN, "MiB", "");
            report.row("agent RSS after " + (rounds + 201) + " actions", after, Double.NaN, "MiB", "");
        }
    }

    private void throughput() throws Exception {
        try (AgentProcess agent = AgentProcess.startReady(agentHome);
             RawPty raw = new RawPty()) {
            AgentClient client = agent.client();
            progress("throughput: seq 1 1000000, 5 times each");
            Samples viaAgent = new Samples();
            Samples viaPty = new Samples();
            for (int i = 0; i < 6; i++) {
                long t0 = System.nanoTime();
                client.run("seq 1 1000000", 120);
                long t1 = System.nanoTime();
                raw.runCommand("seq 1 1000000");
                long t2 = System.nanoTime();
                if (i > 0) {
                    viaAgent.add(t1 - t0);
                    viaPty.add(t2 - t1);
                }
            }
            report.row("`seq 1 1000000` (6.9 MB of output), median", viaAgent.medianMillis(), viaPty.medianMillis(), "ms", "raw pty4j bash");
        }
    }

    private void processStart() throws Exception {
        progress("process start: 10 agent starts and 10 bare JVM starts, interleaved");
        Samples agentStart = new Samples();
        Samples jvmStart = new Samples();
        Path java = agentHome.resolve("runtime/bin/java");
        for (int i = 0; i < 10; i++) {
            String key = UUID.randomUUID().toString();
            Path work = Files.createTempDirectory("sandpod-bench");
            try (AgentProcess agent = AgentProcess.start(agentHome, work.resolve("ws"), key)) {
                long alive = new AgentClient(agent.endpoint, key).awaitAlive(agent.startedNanos + TimeUnit.SECONDS.toNanos(30));
                agentStart.add(alive - agent.startedNanos);
            }
            long t0 = System.nanoTime();
            Process p = new ProcessBuilder(java.toString(), "-Xshare:auto", "-version").redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            p.waitFor();
            jvmStart.add(System.nanoTime() - t0);
        }
        report.row("agent process start → first 200 on /alive, median", agentStart.medianMillis(), jvmStart.medianMillis(), "ms", "`java -version` of the bundled runtime");
    }

    private void containerStart() throws Exception {
        if (!Docker.imagePresent(IMAGE)) {
            progress("container start: skipped, image %s not present (build it with images/build.sh)", IMAGE);
            report.note("container start not measured: image " + IMAGE + " not present");
            return;
        }
        progress("container start: 10 agent containers and 10 `docker run --rm %s true`, interleaved", IMAGE);
        Samples agentStart = new Samples();
        Samples bareRun = new Samples();
        for (int i = 0; i < 10; i++) {
            String key = UUID.randomUUID().toString();
            long t0 = System.nanoTime();
            String id = Docker.require("run", "-d", "--init", "-p", "127.0.0.1::47000", "-e", "SESSION_API_KEY=" + key, IMAGE);
            try {
                String port = Docker.require("port", id, "47000/tcp");
                URI endpoint = URI.create("http://" + port.lines().findFirst().orElseThrow().trim());
                long alive = new AgentClient(endpoint, key).awaitAlive(t0 + TimeUnit.SECONDS.toNanos(60));
                agentStart.add(alive - t0);
            } finally {
                Docker.require("rm", "-f", id);
            }
            long t1 = System.nanoTime();
            Docker.require("run", "--rm", "--entrypoint", "true", IMAGE);
            bareRun.add(System.nanoTime() - t1);
        }
        report.row("agent container start → first 200 on /alive, median", agentStart.medianMillis(), bareRun.medianMillis(), "ms", "`docker run --rm` of the image running `true`");
    }

    private static void progress(String format, Object... args) {
        Table.progress(format, args);
    }
}
