package dev.sandpod.operator.chart;

import com.marcnuri.helm.DryRun;
import com.marcnuri.helm.Helm;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** NOTES.txt, as `helm install` prints it (a client-side dry run), tells how to use a first session. */
class ChartNotesTest {

    private static String notes(Path values) {
        var install = new Helm(RenderedChart.CHART).install().withName(RenderedChart.RELEASE)
                .withNamespace(RenderedChart.NAMESPACE).clientOnly().withDryRunOption(DryRun.CLIENT);
        if (values != null) {
            install.withValuesFile(values);
        }
        String output = install.call().getOutput();
        int start = output.indexOf("NOTES:");
        assertTrue(start >= 0, "no NOTES in:\n" + output);
        return output.substring(start);
    }

    @Test
    void notesWalkThroughAFirstSession() {
        String notes = notes(null);
        assertTrue(notes.contains("kubectl apply -f examples/session.yaml"), notes);
        assertTrue(notes.contains("kubectl get sbx demo"), notes);
        assertTrue(notes.contains("get secret demo-token -o jsonpath='{.data.token}' | base64 -d"), notes);
        assertTrue(notes.contains("port-forward svc/demo 47000:47000"), notes);
        assertTrue(notes.contains("curl -s --retry 10 --retry-connrefused --retry-delay 1 http://127.0.0.1:47000/execute_action"), notes);
        assertTrue(notes.contains("X-Session-API-Key: $KEY"), notes);
        assertTrue(notes.contains("rollout status deployment/sandpod"), notes);
        assertTrue(notes.contains("all namespaces"), notes);
        assertFalse(notes.contains("<no value>"), notes);
    }

    @Test
    void notesUseAWatchedNamespaceWhenScoped(@TempDir Path dir) throws IOException {
        Path values = Files.writeString(dir.resolve("values.yaml"), "watchNamespaces: [team-a, team-b]\n");
        String notes = notes(values);
        assertTrue(notes.contains("kubectl -n team-a apply -f examples/session.yaml"), notes);
        assertTrue(notes.contains("kubectl -n team-a get secret demo-token"), notes);
        assertTrue(notes.contains("team-a, team-b"), notes);
    }
}
