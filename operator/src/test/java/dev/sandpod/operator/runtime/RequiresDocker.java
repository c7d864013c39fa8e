package dev.sandpod.operator.runtime;

import static org.junit.jupiter.api.Assertions.fail;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.NotFoundException;
import java.time.Duration;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Skips a test class when no Docker engine answers, with a message saying so; when CI sets
 * {@code SANDPOD_REQUIRE_DOCKER=1} the class runs anyway and {@link #check()} fails it.
 */
final class RequiresDocker implements ExecutionCondition {

    static final boolean REQUIRED = "1".equals(System.getenv("SANDPOD_REQUIRE_DOCKER"));
    private static volatile Boolean reachable;

    static boolean reachable() {
        if (reachable == null) {
            reachable = DockerConnection.isReachable(Duration.ofSeconds(5));
        }
        return reachable;
    }

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        if (reachable() || REQUIRED) {
            return ConditionEvaluationResult.enabled("Docker at " + DockerConnection.host());
        }
        return ConditionEvaluationResult.disabled("No Docker engine reachable at " + DockerConnection.host()
                + ": skipping the Docker runtime tests (start dockerd or set DOCKER_HOST; "
                + "SANDPOD_REQUIRE_DOCKER=1 turns this skip into a failure)");
    }

    /** Fails when Docker was required but is not there; call from {@code @BeforeAll}. */
    static void check() {
        if (!reachable()) {
            fail("SANDPOD_REQUIRE_DOCKER=1 but no Docker engine answers at " + DockerConnection.host()
                    + ": start dockerd or set DOCKER_HOST");
        }
    }

    /** Whether the engine has the image; a missing image skips, or fails when Docker is required. */
    static boolean hasImage(DockerClient docker, String image) {
        try {
            docker.inspectImageCmd(image).exec();
            return true;
        } catch (NotFoundException e) {
            return false;
        }
    }
}
