package dev.sandpod.operator.session;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.sandpod.api.session.SandboxSession;
import dev.sandpod.api.session.SessionRuntime;
import dev.sandpod.operator.OperatorConfig;
import dev.sandpod.operator.Runtimes;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * examples/session.yaml (what the README and the chart's NOTES tell users to apply) is a
 * SandboxSession the operator accepts: no unknown field, a valid spec, the pod it becomes.
 */
class ExampleSessionTest {

    private static final Path EXAMPLE = Path.of("..", "examples", "session.yaml");

    @Test
    void exampleIsAValidSessionForTheKubernetesRuntime() throws IOException {
        SandboxSession session = new ObjectMapper(new YAMLFactory())
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .readValue(EXAMPLE.toFile(), SandboxSession.class);
        assertEquals(HasMetadata.getApiVersion(SandboxSession.class), session.getApiVersion());
        assertEquals(HasMetadata.getKind(SandboxSession.class), session.getKind());
        assertEquals("demo", session.getMetadata().getName(), "the name the chart's NOTES and the README use");
        session.getMetadata().setNamespace("default"); // kubectl apply puts it in the current namespace

        var config = OperatorConfig.defaults(SessionRuntime.KUBERNETES);
        ResolvedSpec spec = new SessionSpecResolver(config, Runtimes.kubernetesOnly()).resolve(session);
        assertEquals(SessionRuntime.KUBERNETES, spec.runtime());
        assertEquals(OperatorConfig.DEFAULT_SANDBOX_IMAGE, spec.image());

        Pod pod = AgentPodDependent.build(session, spec);
        assertEquals("demo-sandbox", pod.getMetadata().getName());
        var resources = pod.getSpec().getContainers().getFirst().getResources();
        assertEquals("1Gi", resources.getLimits().get("memory").toString());
        assertEquals("250m", resources.getRequests().get("cpu").toString());
    }
}
