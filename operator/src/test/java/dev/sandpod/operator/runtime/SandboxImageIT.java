package dev.sandpod.operator.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.github.dockerjava.api.DockerClient;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;

/** The real sandbox image under the Docker runtime: the agent answers and runs a command. */
@ExtendWith(SandboxImageIT.RequiresSandboxImage.class)
class SandboxImageIT {

    static final String IMAGE = SandboxImages.DEFAULT_IMAGE;
    private static final String NAMESPACE = "it-" + UUID.randomUUID().toString().substring(0, 8);
    private static DockerRuntime runtime;

    @BeforeAll
    static void requireImage() throws Exception {
        RequiresDocker.check();
        try (DockerClient docker = DockerConnection.open()) {
            if (!RequiresDocker.hasImage(docker, IMAGE)) {
                fail("SANDPOD_REQUIRE_DOCKER=1 but image " + IMAGE + " is missing: build it with images/build.sh");
            }
        }
        runtime = new DockerRuntime();
    }

    @AfterAll
    static void close() {
        if (runtime != null) {
            runtime.close();
        }
    }

    @Test
    void agentAnswersAliveAndRunsACommandWithTheKey() throws Exception {
        String key = UUID.randomUUID().toString();
        SandboxRequest request = new SandboxRequest(NAMESPACE, "real-agent", "uid-real", IMAGE, "Never", null, null,
                0, false, Map.of(), List.of(), 10, key);
        try {
            SandboxState state = runtime.ensure(request);
            assertTrue(state.endpoint() != null, state::toString);
            try {
                assertTrue(Http.awaitOk(state.endpoint() + "/alive", Duration.ofSeconds(90)).contains("ok"));
            } catch (AssertionError e) {
                throw new AssertionError(e.getMessage() + "; state " + runtime.inspect(NAMESPACE, "real-agent")
                        + "; logs:\n" + runtime.logs(NAMESPACE, "real-agent", 50), e);
            }
            String action = "{\"action\":{\"action\":\"run\",\"args\":{\"command\":\"echo hi\"}}}";
            assertEquals(401, Http.post(state.endpoint() + "/execute_action", action, null).statusCode());
            assertEquals(401, Http.post(state.endpoint() + "/execute_action", action, "wrong").statusCode());
            HttpResponse<String> ran = Http.post(state.endpoint() + "/execute_action", action, key);
            assertEquals(200, ran.statusCode(), ran::body);
            assertTrue(Pattern.compile("\"content\"\\s*:\\s*\"hi\\b").matcher(ran.body()).find(), ran.body());
            // the observation's details (extras, exit code) are the agent's own tests' business
            assertTrue(Pattern.compile("\"observation\"\\s*:\\s*\"run\"").matcher(ran.body()).find(), ran.body());
        } finally {
            runtime.delete(NAMESPACE, "real-agent");
        }
    }

    /** Skips without Docker or without the image, unless SANDPOD_REQUIRE_DOCKER=1 asks for a failure. */
    static final class RequiresSandboxImage implements ExecutionCondition {
        @Override
        public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
            if (RequiresDocker.REQUIRED) {
                return ConditionEvaluationResult.enabled("SANDPOD_REQUIRE_DOCKER=1");
            }
            if (!RequiresDocker.reachable()) {
                return ConditionEvaluationResult.disabled("No Docker engine reachable at " + DockerConnection.host()
                        + ": skipping the sandbox image test");
            }
            try (DockerClient docker = DockerConnection.open()) {
                return RequiresDocker.hasImage(docker, IMAGE)
                        ? ConditionEvaluationResult.enabled(IMAGE + " present")
                        : ConditionEvaluationResult.disabled("Image " + IMAGE + " is not built yet (images/build.sh): "
                                + "skipping the sandbox image test; SANDPOD_REQUIRE_DOCKER=1 makes this a failure");
            } catch (java.io.IOException e) {
                return ConditionEvaluationResult.disabled("Docker client failed: " + e);
            }
        }
    }
}
