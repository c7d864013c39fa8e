package dev.sandpod.bench;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;

/**
 * The cost of acting as the sandbox user: {@code read} round trips against the agent in the sandbox
 * image started as root (file actions run on threads that switch to uid 1000 and back), beside the
 * same image started as uid 1000 (the agent is the user: file actions run on the request's thread),
 * interleaved in one run so both see the same machine.
 */
public final class FileActionBench {

    private FileActionBench() {
    }

    public static void main(String[] args) throws Exception {
        String image = args.length > 0 ? args[0] : "sandpod/sandbox:dev";
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3000;
        if (!Docker.imagePresent(image)) {
            throw new IllegalStateException(image + " is missing: build it with images/build.sh sandbox");
        }
        String key = "bench-" + Long.toHexString(System.nanoTime());
        List<String> containers = new ArrayList<>();
        try {
            AgentClient root = start(image, key, containers);
            AgentClient user = start(image, key, containers, "--user", "1000:1000");
            for (AgentClient agent : List.of(root, user)) {
                agent.run("printf 'hello\\nworld\\n' > /workspace/bench.txt", 30);
            }
            Table.progress("warming up, then %d read round trips against each, interleaved", rounds);
            for (int i = 0; i < 500; i++) {
                root.read("/workspace/bench.txt");
                user.read("/workspace/bench.txt");
            }
            Samples switched = new Samples();
            Samples direct = new Samples();
            for (int i = 0; i < rounds; i++) {
                long t0 = System.nanoTime();
                root.read("/workspace/bench.txt");
                long t1 = System.nanoTime();
                user.read("/workspace/bench.txt");
                long t2 = System.nanoTime();
                switched.add(t1 - t0);
                direct.add(t2 - t1);
            }
            Table table = new Table("root agent, file threads act as uid 1000");
            table.row("`read` round trip p50", switched.medianMillis(), direct.medianMillis(), "ms", "agent started as uid 1000");
            table.row("`read` round trip p99", switched.percentileMillis(99), direct.percentileMillis(99), "ms", "agent started as uid 1000");
            table.note(rounds + " rounds each, interleaved, after 500 warm-up rounds; image " + image + ".");
            table.print(System.out);
        } finally {
            for (String id : containers) {
                Docker.exec(List.of("docker", "rm", "-f", id));
            }
        }
    }

    private static AgentClient start(String image, String key, List<String> containers, String... flags) throws Exception {
        List<String> run = new ArrayList<>(List.of("docker", "run", "-d", "-p", "127.0.0.1::47000",
                "-e", "SESSION_API_KEY=" + key, "--label", "dev.sandpod/bench=files"));
        run.addAll(List.of(flags));
        run.add(image);
        String id = Docker.exec(run).orElseThrow(() -> new IllegalStateException("docker run " + image + " failed"));
        containers.add(id);
        String port = Docker.require("port", id, "47000/tcp").lines().findFirst().orElseThrow();
        AgentClient agent = new AgentClient(URI.create("http://127.0.0.1:" + port.substring(port.lastIndexOf(':') + 1)), key);
        agent.awaitAlive(System.nanoTime() + 60_000_000_000L);
        return agent;
    }
}
