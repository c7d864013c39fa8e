package dev.sandpod.operator.it;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.NotFoundException;
import dev.sandpod.operator.OperatorConfig;
import dev.sandpod.operator.runtime.DockerConnection;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.io.IOException;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * Skips a class when no Docker engine answers or the sandbox image is not built, saying which;
 * when CI sets {@code SANDPOD_REQUIRE_DOCKER=1} the class runs anyway and {@link #check()} fails
 * its tests (a condition, not an assumption in {@code @BeforeAll}, which would report zero tests).
 */
final class RequiresSandboxImage implements ExecutionCondition {

    /** The sandbox image under test: {@code SANDPOD_TEST_SANDBOX_IMAGE}, else the default one. */
    static final String IMAGE = System.getenv().getOrDefault("SANDPOD_TEST_SANDBOX_IMAGE", OperatorConfig.DEFAULT_SANDBOX_IMAGE);
    static final boolean REQUIRED = "1".equals(System.getenv("SANDPOD_REQUIRE_DOCKER"));

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        String missing = missing();
        if (missing == null) {
            return ConditionEvaluationResult.enabled("Docker at " + DockerConnection.host() + " with " + IMAGE);
        }
        if (REQUIRED) {
            return ConditionEvaluationResult.enabled("SANDPOD_REQUIRE_DOCKER=1: runs to fail, " + missing);
        }
        return ConditionEvaluationResult.disabled(missing + ": skipping; SANDPOD_REQUIRE_DOCKER=1 turns this skip into a failure");
    }

    /** Fails when Docker or the image is missing; call first in each test's setup. */
    static void check() {
        String missing = missing();
        if (missing != null) {
            fail("SANDPOD_REQUIRE_DOCKER=1 but " + missing);
        }
    }

    /** Null when Docker answers and has the image, else what is missing and how to get it. */
    private static String missing() {
        if (!DockerConnection.isReachable(Duration.ofSeconds(5))) {
            return "no Docker engine answers at " + DockerConnection.host() + " (start dockerd or set DOCKER_HOST)";
        }
        try (DockerClient docker = DockerConnection.open()) {
            docker.inspectImageCmd(IMAGE).exec();
            return null;
        } catch (NotFoundException e) {
            return "image " + IMAGE + " is not built (images/build.sh sandbox)";
        } catch (IOException e) {
            return "the Docker client failed: " + e;
        }
    }
}
