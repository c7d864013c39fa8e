package dev.sandpod.cluster;

import dev.sandpod.api.session.SessionPhase;
import dev.sandpod.client.CommandResult;
import dev.sandpod.client.KubernetesSessions;
import dev.sandpod.client.Sandpod;
import dev.sandpod.client.Session;
import dev.sandpod.client.SessionOptions;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The agent developer's tools against the cluster: {@code bin/sandpod} as separate processes
 * (up, exec, cp both ways, ls, logs of the pod, down) and the Java SDK, which reaches the agent
 * through its automatic port-forward ({@code *.svc} names do not resolve outside the cluster).
 */
@RealClusterTest
@Order(4)
class CliAndSdkIT {

    @RegisterExtension
    static final TestNamespace ns = TestNamespace.named("cli");


    private Cli.Result sandpod(Path home, String... args) {
        List<String> command = new ArrayList<>(List.of(ns.cluster().settings.repository().resolve("bin/sandpod").toString()));
        command.addAll(List.of(args));
        return ns.cluster().cli.run(Duration.ofMinutes(6), command, Map.of("SANDPOD_HOME", home.toString()));
    }

    @Test
    void commandLineUpExecCpLsLogsDown() throws Exception {
        Path home = Files.createTempDirectory("sandpod-home");
        Path local = Files.createTempDirectory("sandpod-cp");
        Files.writeString(local.resolve("hello.txt"), "hello from the laptop\n", StandardCharsets.UTF_8);

        Cli.Result up = sandpod(home, "up", "cli", "-n", ns.name).ok();
        assertTrue(up.out().contains("http://cli." + ns.name + ".svc:47000"), up.toString());
        assertTrue(up.err().contains("(kubernetes)"), "the cluster is the runtime chosen: " + up);

        Cli.Result exec = sandpod(home, "exec", "cli", "--", "echo hi-$((6*7)) from $(hostname)").ok();
        assertTrue(exec.out().contains("hi-42 from cli"), exec.toString());

        sandpod(home, "cp", local.resolve("hello.txt").toString(), "cli:/tmp/hello.txt").ok();
        sandpod(home, "cp", "cli:/tmp/hello.txt", local.resolve("back.txt").toString()).ok();
        assertEquals("hello from the laptop\n", Files.readString(local.resolve("back.txt")));

        Cli.Result ls = sandpod(home, "ls", "-n", ns.name).ok();
        assertTrue(ls.out().lines().anyMatch(l -> l.startsWith("cli") && l.contains("kubernetes") && l.contains("Ready")), ls.toString());

        Cli.Result logs = sandpod(home, "logs", "cli").ok();
        assertTrue(!logs.out().isBlank(), "the pod's agent log: " + logs);
        String podLog = ns.cluster().client.pods().inNamespace(ns.name).withName("cli-sandbox").inContainer("agent").getLog();
        assertTrue(podLog.contains(logs.out().lines().findFirst().orElseThrow()), "sandpod logs prints the pod's log");

        sandpod(home, "down", "cli").ok();
        assertNull(ns.session("cli").get(), "down deleted the session");
    }

    @Test
    void sdkCreatesUsesAndDeletesASessionThroughItsOwnPortForward() throws Exception {
        KubernetesSessions sessions = Sandpod.kubernetes(ns.cluster().client, ns.name);
        List<String> progress = new ArrayList<>();
        Path dir = Files.createTempDirectory("sdk-upload");
        Files.writeString(dir.resolve("a.txt"), "alpha\n", StandardCharsets.UTF_8);
        try (Session session = sessions.create(SessionOptions.named("sdk"), Duration.ofMinutes(4),
                (phase, detail) -> progress.add(phase))) {
            assertTrue(session.agent().endpoint().getHost().equals("127.0.0.1"),
                    "outside the cluster the SDK forwards a local port: " + session.agent().endpoint());
            CommandResult result = session.agent().run("cd /workspace && echo sdk-$((40+2)) && pwd");
            assertEquals(0, result.exitCode(), result.output());
            assertTrue(result.output().contains("sdk-42") && result.output().contains("/workspace"), result.output());
            session.agent().upload(dir, "/workspace");
            Path back = Files.createTempDirectory("sdk-download");
            session.agent().download("/workspace/" + dir.getFileName(), back);
            assertEquals("alpha\n", Files.readString(back.resolve("a.txt")));
        }
        assertTrue(progress.contains(SessionPhase.Ready.name()) || !progress.isEmpty(), progress.toString());
        assertEquals("Ready", sessions.list().stream().filter(s -> s.name().equals("sdk")).findFirst().orElseThrow().phase());
        sessions.delete("sdk");
        assertNull(ns.session("sdk").get());
    }
}
