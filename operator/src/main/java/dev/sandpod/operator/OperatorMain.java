package dev.sandpod.operator;

import dev.sandpod.api.session.SessionRuntime;
import dev.sandpod.operator.runtime.DockerRuntime;
import dev.sandpod.operator.runtime.ProcessRuntime;
import dev.sandpod.operator.runtime.SandboxRuntime;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.javaoperatorsdk.operator.Operator;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Runs the Sandpod operator: in a cluster (service account) or with the current kubeconfig.
 * Settings come from SANDPOD_* environment variables or --flags (docs/operator.md).
 */
public final class OperatorMain {

    private static final Logger LOG = LoggerFactory.getLogger(OperatorMain.class);

    private OperatorMain() {
    }

    public static void main(String[] args) throws IOException {
        Optional<String> noCluster = StartupFailure.noCluster(System.getenv(), Config.autoConfigure(null));
        if (noCluster.isPresent()) {
            System.err.println("sandpod operator: " + noCluster.get());
            System.exit(1);
            return;
        }
        OperatorConfig config;
        try {
            config = OperatorConfig.from(System.getenv(), args, DockerRuntime::isReachable);
        } catch (IllegalArgumentException e) {
            System.err.println("sandpod operator: " + e.getMessage());
            System.exit(2);
            return;
        }
        try {
            run(config);
        } catch (RuntimeException e) {
            // JOSDK stops on an informer that cannot start (no API server, no CRD, no RBAC); the HTTP
            // server would keep the JVM alive and /healthz green, so exit for the Deployment to restart
            LOG.debug("event=start-failed", e);
            System.err.println("sandpod operator: " + StartupFailure.describe(e, Config.autoConfigure(null).getMasterUrl()));
            System.exit(1);
        }
    }

    /** Starts the operator and its HTTP server; returns once the controller runs. */
    public static Operator run(OperatorConfig config) throws IOException {
        KubernetesClient client = new KubernetesClientBuilder().build();
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        // the operator's own cost (CPU time, heap, threads): what a platform team sizes its requests by
        new ProcessorMetrics().bindTo(registry);
        new JvmMemoryMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        SessionMetrics metrics = new SessionMetrics(registry);
        Runtimes runtimes = new Runtimes(localRuntimes(config));
        Operator operator = SandpodOperator.create(client, config, runtimes, metrics, o -> { });
        HealthServer http = HealthServer.start(httpHost(System.getenv()), config.httpPort(),
                () -> operator.getRuntimeInfo().isStarted() && operator.getRuntimeInfo().allEventSourcesAreHealthy(), registry);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            http.close();
            runtimes.close();
        }, "sandpod-shutdown"));
        operator.installShutdownHook(Duration.ofSeconds(10));
        LOG.info("event=starting defaultRuntime={} runtimes={} namespaces={} sandboxImage={} leaderElection={} httpPort={} master={}"
                        + " networkPolicy={} policy={}",
                config.defaultRuntime().value(), runtimes.names(), config.namespaces().isEmpty() ? "all" : config.namespaces(),
                config.sandboxImage(), config.leaderElection(), http.port(), client.getMasterUrl(),
                config.policy().networkPolicy().enabled() ? "on" : "off", config.policy().policy());
        operator.start();
        return operator;
    }

    /** SANDPOD_HTTP_HOST, else every interface in a cluster and only the loopback one outside it. */
    static String httpHost(Map<String, String> env) {
        String host = env.get("SANDPOD_HTTP_HOST");
        if (host != null && !host.isBlank()) {
            return host;
        }
        return env.containsKey("KUBERNETES_SERVICE_HOST") ? "0.0.0.0" : "127.0.0.1";
    }

    /**
     * The docker and process runtimes that {@code config.enabledRuntimes()} allows, keyed by
     * {@link SandboxRuntime#name()}. Sessions asking for a runtime not here get InvalidSpec naming
     * spec.runtime.
     */
    static Map<String, SandboxRuntime> localRuntimes(OperatorConfig config) {
        Map<String, SandboxRuntime> runtimes = new HashMap<>();
        if (config.enabledRuntimes().contains(SessionRuntime.DOCKER)) {
            runtimes.put(SessionRuntime.DOCKER.value(), new DockerRuntime());
        }
        if (config.enabledRuntimes().contains(SessionRuntime.PROCESS)) {
            runtimes.put(SessionRuntime.PROCESS.value(), new ProcessRuntime());
        }
        return runtimes;
    }
}
