package dev.sandpod.cluster;

import dev.sandpod.api.session.SandboxSession;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The README's "On Kubernetes" block, run by bash line for line on a cluster without Sandpod:
 * helm install, rollout status, kubectl apply of examples/session.yaml, kubectl wait, the key from
 * the Secret, an action through kubectl port-forward. Two departures, both printed: the
 * {@code images/build.sh all} line is left out (the suite's images are built and on the nodes
 * already), and when the suite runs other images than the chart's defaults, the helm line gets
 * {@code --set} for them; on CI neither the images nor the line differ.
 */
@RealClusterTest
@Order(2)
class ReadmeKubernetesIT {

    private static final Pattern BLOCK = Pattern.compile("## On Kubernetes\\s+```bash\\n(.*?)```", Pattern.DOTALL);

    static List<String> readmeBlock(java.nio.file.Path readme) throws IOException {
        Matcher matcher = BLOCK.matcher(Files.readString(readme));
        if (!matcher.find()) {
            throw new AssertionError("README.md has no ```bash block under '## On Kubernetes'");
        }
        return matcher.group(1).lines().toList();
    }

    @Test
    void theReadmeBlockRunsAsWritten() throws IOException {
        RealCluster cluster = RealCluster.get();
        deleteDemo(cluster); // while an operator runs to release it
        cluster.uninstall();

        List<String> script = new ArrayList<>(List.of("set -euo pipefail"));
        for (String line : readmeBlock(cluster.settings.repository().resolve("README.md"))) {
            if (line.startsWith("images/build.sh")) {
                continue;
            }
            if (line.startsWith("helm install ") && !cluster.settings.defaultImages()) {
                line = line + " " + String.join(" ", cluster.settings.imageValues());
            }
            script.add(line);
        }
        // the block leaves kubectl port-forward running in the background: stop it, as a user would
        script.add("kill $(jobs -p) 2>/dev/null || true");
        System.out.println("README block as run:\n" + String.join("\n", script));
        try {
            Cli.Result result = cluster.cli.run(Duration.ofMinutes(10), List.of("bash", "-c", String.join("\n", script)));
            assertTrue(result.exitCode() == 0 && result.out().contains("hello from demo"),
                    "the README block ends with the sandbox's greeting: " + result);
            assertTrue(result.out().contains("\"exit_code\":0") || result.out().contains("\"exit_code\": 0"), result.toString());
        } finally {
            deleteDemo(cluster);
        }
    }

    private static void deleteDemo(RealCluster cluster) {
        var demo = cluster.client.resources(SandboxSession.class).inNamespace("default").withName("demo");
        if (demo.get() != null) {
            demo.delete();
            try {
                Await.until("session default/demo deleted", Duration.ofMinutes(1),
                        () -> Objects.requireNonNullElse((Object) demo.get(), "gone"), "gone"::equals);
            } catch (AssertionError noOperator) {
                // left by an interrupted run with no operator to release it: what docs/install.md says to do
                demo.edit(s -> {
                    s.getMetadata().setFinalizers(null);
                    return s;
                });
            }
        }
    }
}
