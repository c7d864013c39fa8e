package dev.sandpod.cluster;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.List;

/**
 * A class of the real-cluster suite: skipped without SANDPOD_CLUSTER_KUBECONFIG, failed instead when
 * SANDPOD_REQUIRE_CLUSTER=1 (CI); after the class, no operator log line may mention Forbidden.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(RealClusterTest.Extension.class)
@interface RealClusterTest {

    final class Extension implements ExecutionCondition, BeforeAllCallback, AfterAllCallback {

        @Override
        public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
            ClusterSettings.Result result = ClusterSettings.from(System.getenv());
            if (result.settings() != null) {
                return ConditionEvaluationResult.enabled("cluster at " + result.settings().kubeconfig());
            }
            return ClusterSettings.required(System.getenv())
                    ? ConditionEvaluationResult.enabled("SANDPOD_REQUIRE_CLUSTER=1: fails in beforeAll")
                    : ConditionEvaluationResult.disabled(result.problem());
        }

        @Override
        public void beforeAll(ExtensionContext context) {
            ClusterSettings.Result result = ClusterSettings.from(System.getenv());
            if (result.settings() == null) {
                throw new AssertionError("SANDPOD_REQUIRE_CLUSTER=1 but the suite has no cluster: " + result.problem());
            }
        }

        @Override
        public void afterAll(ExtensionContext context) {
            if (ClusterSettings.from(System.getenv()).settings() == null) {
                return; // beforeAll said why
            }
            RealCluster cluster = RealCluster.get();
            cluster.logs.snapshot();
            List<String> forbidden = cluster.logs.forbidden();
            if (!forbidden.isEmpty()) {
                throw new AssertionError("the operator was refused API calls (RBAC of charts/sandpod):\n"
                        + String.join("\n", forbidden));
            }
        }
    }
}
