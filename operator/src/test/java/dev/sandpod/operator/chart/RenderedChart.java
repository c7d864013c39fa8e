package dev.sandpod.operator.chart;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.marcnuri.helm.Helm;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** charts/sandpod rendered by the real Helm (helm-java), as parsed manifests. */
public record RenderedChart(List<JsonNode> manifests) {

    /** The chart in the repository; tests run in operator/. */
    public static final Path CHART = Path.of("..", "charts", "sandpod").toAbsolutePath().normalize();
    public static final String RELEASE = "sandpod";
    public static final String NAMESPACE = "sandpod-system";

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    /** {@code helm template sandpod charts/sandpod -n sandpod-system --set k=v ...}. */
    public static RenderedChart render(Map<String, Object> values) {
        var template = new Helm(CHART).template().withName(RELEASE).withNamespace(NAMESPACE);
        values.forEach(template::set);
        return parse(template.call());
    }

    /** The same with a values file, for values --set cannot express (lists of objects, maps). */
    public static RenderedChart render(Path valuesFile) {
        return parse(new Helm(CHART).template().withName(RELEASE).withNamespace(NAMESPACE).withValuesFile(valuesFile).call());
    }

    static RenderedChart parse(String yaml) {
        List<JsonNode> manifests = new ArrayList<>();
        try (var parser = YAML.getFactory().createParser(yaml)) {
            var values = YAML.readValues(parser, JsonNode.class);
            while (values.hasNext()) {
                JsonNode node = values.next();
                if (node != null && !node.isNull() && !node.isMissingNode() && node.has("kind")) {
                    manifests.add(node);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("helm rendered YAML that does not parse:\n" + yaml, e);
        }
        return new RenderedChart(List.copyOf(manifests));
    }

    public List<JsonNode> ofKind(String kind) {
        return manifests.stream().filter(m -> kind.equals(m.path("kind").asText())).toList();
    }

    public Optional<JsonNode> find(String kind, String name) {
        return ofKind(kind).stream().filter(m -> name.equals(m.path("metadata").path("name").asText())).findFirst();
    }

    public JsonNode get(String kind, String name) {
        return find(kind, name).orElseThrow(() -> new AssertionError("no " + kind + " " + name + " in " + kinds()));
    }

    public List<String> kinds() {
        return manifests.stream().map(m -> m.path("kind").asText() + "/" + m.path("metadata").path("name").asText()).toList();
    }

    /** The operator container of the Deployment. */
    public JsonNode operatorContainer() {
        return get("Deployment", "sandpod").path("spec").path("template").path("spec").path("containers").get(0);
    }

    /** The value of the operator container's environment variable, or null. */
    public String env(String name) {
        for (JsonNode env : operatorContainer().path("env")) {
            if (name.equals(env.path("name").asText())) {
                return env.path("value").isMissingNode() ? null : env.path("value").asText();
            }
        }
        return null;
    }
}
