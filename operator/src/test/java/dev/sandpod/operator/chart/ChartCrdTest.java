package dev.sandpod.operator.chart;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The chart ships the CRDs checked in under crds/ (which api's CrdDriftTest keeps equal to the
 * model), byte for byte: Helm installs charts/sandpod/crds/ before the templates.
 */
class ChartCrdTest {

    private static final Path CRDS = Path.of("..", "crds");
    private static final Path CHART_CRDS = RenderedChart.CHART.resolve("crds");
    private static final String FIX = "update the chart's copy with:\n  cp crds/*.yml charts/sandpod/crds/";

    @Test
    void chartHoldsExactlyTheGeneratedCrds() throws IOException {
        assertEquals(names(CRDS), names(CHART_CRDS), "the chart's CRD files differ from crds/; " + FIX);
        for (String name : names(CRDS)) {
            assertEquals(Files.readString(CRDS.resolve(name)), Files.readString(CHART_CRDS.resolve(name)),
                    "charts/sandpod/crds/" + name + " is out of date with crds/" + name + "; " + FIX);
        }
    }

    private static List<String> names(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".yml") || n.endsWith(".yaml")).sorted().toList();
        }
    }
}
