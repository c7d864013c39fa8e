package dev.sandpod.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;

/**
 * The plugins' figures (issue 10), each beside its baseline in the same run, on an agent process
 * started with {@code --plugins jupyter,browser}:
 * <ul>
 *   <li>a {@code print(1)} cell through {@code run_ipython} vs {@code echo 1} through {@code run};</li>
 *   <li>the first cell of a fresh agent (kernel start included);</li>
 *   <li>{@code browse} of a local page with a cold browser (the first action of a fresh agent) and
 *       a warm one, vs a plain HTTP GET of the same page;</li>
 *   <li>the agent's resident memory before and after the kernel and the browser started, and the
 *       kernel's and Chromium's own (PSS, so Chromium's processes add up without double counting).</li>
 * </ul>
 * Usage: {@code PluginBench AGENT_HOME [rounds]}; needs python3-ipykernel and chromium on this host.
 */
public final class PluginBench {
    private static final String PAGE = """
            <!doctype html><html><head><title>Bench page</title></head><body>
            <h1>Sandpod bench page</h1><p>A paragraph with a <a href="/other">link</a> and <b>bold</b> text.</p>
            <form><label>Name <input name="name"></label><select name="s"><option>a</option><option>b</option></select>
            <button>Send</button></form><ul><li>one</li><li>two</li><li>three</li></ul></body></html>""";

    private final Path agentHome;
    private final int rounds;
    private final Table report = new Table("Sandpod agent");

    private PluginBench(Path agentHome, int rounds) {
        this.agentHome = agentHome;
        this.rounds = rounds;
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 1) {
            System.err.println("usage: PluginBench AGENT_HOME [rounds]   (AGENT_HOME: sandbox-agent/target/sandpod-agent)");
            System.exit(2);
        }
        PluginBench bench = new PluginBench(Path.of(args[0]).toAbsolutePath(), args.length > 1 ? Integer.parseInt(args[1]) : 300);
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
        server.createContext("/", exchange -> {
            byte[] body = PAGE.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
        try {
            bench.measure(URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/"));
        } finally {
            server.stop(0);
        }
        bench.report.print(System.out);
    }

    private void measure(URI page) throws Exception {
        Samples coldCell = new Samples();
        Samples coldBrowse = new Samples();
        Table.progress("cold starts: 3 fresh agents, each timing its first cell and its first browse");
        for (int i = 0; i < 3; i++) {
            try (AgentProcess agent = AgentProcess.startReady(agentHome, "--plugins", "jupyter,browser")) {
                AgentClient client = agent.client();
                long t0 = System.nanoTime();
                expect(client.action("run_ipython", Map.of("code", "print(1)"), 120), "1\n[Jupyter");
                long t1 = System.nanoTime();
                expectBrowse(client.action("browse", Map.of("url", page.toString()), 120));
                long t2 = System.nanoTime();
                coldCell.add(t1 - t0);
                coldBrowse.add(t2 - t1);
            }
        }
        try (AgentProcess agent = AgentProcess.startReady(agentHome, "--plugins", "jupyter,browser")) {
            AgentClient client = agent.client();
            Thread.sleep(2000);
            double idle = agent.residentMiB();
            Table.progress("round trip: %d print(1) cells and %d echo 1 commands, interleaved", rounds, rounds);
            Samples cell = new Samples();
            Samples echo = new Samples();
            for (int i = 0; i < rounds + 20; i++) {
                long t0 = System.nanoTime();
                JsonNode observation = client.action("run_ipython", Map.of("code", "print(1)"), 60);
                long t1 = System.nanoTime();
                JsonNode run = client.run("echo 1", 60);
                long t2 = System.nanoTime();
                if (i == 0) {
                    expect(observation, "1\n[Jupyter");
                    expect(run, "1");
                }
                if (i >= 20) {
                    cell.add(t1 - t0);
                    echo.add(t2 - t1);
                }
            }
            Table.progress("browse: %d warm browses of a local page and %d plain GETs of it, interleaved", rounds / 10, rounds / 10);
            Samples browse = new Samples();
            Samples get = new Samples();
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            for (int i = 0; i < rounds / 10 + 3; i++) {
                long t0 = System.nanoTime();
                JsonNode observation = client.action("browse", Map.of("url", page.toString()), 60);
                long t1 = System.nanoTime();
                http.send(HttpRequest.newBuilder(page).build(), HttpResponse.BodyHandlers.ofString());
                long t2 = System.nanoTime();
                expectBrowse(observation);
                if (i >= 3) {
                    browse.add(t1 - t0);
                    get.add(t2 - t1);
                }
            }
            double started = agent.residentMiB();
            double kernel = 0;
            double chromium = 0;
            for (ProcessHandle child : agent.process.descendants().toList()) {
                String command = child.info().commandLine().orElse("");
                try {
                    if (command.contains("ipykernel_launcher")) {
                        kernel += Rss.pssOfPid(child.pid()) / 1024.0;
                    } else if (command.contains("chrom")) {
                        chromium += Rss.pssOfPid(child.pid()) / 1024.0;
                    }
                } catch (IOException e) {
                    // a renderer that just exited
                }
            }
            report.row("`print(1)` cell round trip (`run_ipython`), p50", cell.medianMillis(), echo.medianMillis(), "ms", "`echo 1` through `run`");
            report.row("`print(1)` cell round trip (`run_ipython`), p99", cell.percentileMillis(99), echo.percentileMillis(99), "ms", "`echo 1` through `run`");
            report.row("first cell of a fresh agent (kernel start), median of 3", coldCell.medianMillis(), Double.NaN, "ms", "");
            report.row("`browse` of a local page, cold browser (Chromium start), median of 3", coldBrowse.medianMillis(), get.medianMillis(), "ms", "plain GET of the page");
            report.row("`browse` of a local page, warm browser, p50", browse.medianMillis(), get.medianMillis(), "ms", "plain GET of the page");
            report.row("`browse` of a local page, warm browser, p99", browse.percentileMillis(99), get.percentileMillis(99), "ms", "plain GET of the page");
            report.row("agent RSS with the plugins enabled, before their first use", idle, Double.NaN, "MiB", "");
            report.row("agent RSS with the kernel and the browser started", started, idle, "MiB", "before their first use");
            report.row("IPython kernel PSS", kernel, Double.NaN, "MiB", "");
            report.row("Chromium PSS (all its processes, shared pages split)", chromium, Double.NaN, "MiB", "");
        }
    }

    private static void expect(JsonNode observation, String start) {
        if (!observation.path("content").asText().startsWith(start)) {
            throw new IllegalStateException("unexpected observation: " + observation);
        }
    }

    private static void expectBrowse(JsonNode observation) {
        if (observation.path("extras").path("error").asBoolean(true) || !observation.path("content").asText().contains("Sandpod bench page")) {
            throw new IllegalStateException("unexpected browse observation: " + observation.path("content").asText()
                    + " / " + observation.path("extras").path("last_browser_action_error").asText());
        }
    }
}
