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
 * A class of the real-cluster suite: skipped, with the reason, when there is no cluster to run on
 * (no SANDPOD_CLUSTER_KUBECONFIG; or SANDPOD_CLUSTER=k3s where its image is not local), failed
 * instead when SANDPOD_REQUIRE_CLUSTER=1 (CI); after the class, no operator log line may mention
 * Forbidden. A K3s the suite started is stopped when the last class is done.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(RealClusterTest.Extension.class)
@interface RealClusterTest {

    final class Extension implements ExecutionCondition, BeforeAllCallback, AfterAllCallback {

        /** The console hears once what the suite runs on, or why it is skipped (the reports say it per class). */
        private static final java.util.concurrent.atomic.AtomicBoolean TOLD = new java.util.concurrent.atomic.AtomicBoolean();

        @Override
        public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
            ClusterSettings.Result result = ClusterSettings.current();
            ConditionEvaluationResult condition;
            if (result.settings() != null) {
                condition = ConditionEvaluationResult.enabled("runs on " + result.settings().describe());
            } else if (ClusterSettings.required(System.getenv())) {
                condition = ConditionEvaluationResult.enabled("SANDPOD_REQUIRE_CLUSTER=1: fails in beforeAll");
            } else {
                condition = ConditionEvaluationResult.disabled(result.problem());
            }
            if (!TOLD.getAndSet(true)) {
                System.out.println("[cluster-tests] " + (result.settings() != null ? "runs on " + result.settings().describe()
                        : (condition.isDisabled() ? "skipped: " : "fails: ") + result.problem()));
            }
            return condition;
        }

        @Override
        public void beforeAll(ExtensionContext context) {
            ClusterSettings.Result result = ClusterSettings.current();
            if (result.settings() == null) {
                throw new AssertionError("SANDPOD_REQUIRE_CLUSTER=1 but the suite has no cluster: " + result.problem());
            }
            // closed once, when the whole run is over: stops a K3s the suite started
            context.getRoot().getStore(ExtensionContext.Namespace.create(RealCluster.class))
                    .getOrComputeIfAbsent("shutdown", key -> (AutoCloseable) RealCluster::shutdown, AutoCloseable.class);
        }

        @Override
        public void afterAll(ExtensionContext context) {
            if (ClusterSettings.current().settings() == null) {
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
