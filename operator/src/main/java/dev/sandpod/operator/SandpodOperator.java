package dev.sandpod.operator;

import dev.sandpod.operator.session.AgentProbe;
import dev.sandpod.operator.session.SandboxSessionReconciler;
import dev.sandpod.operator.session.SessionEvents;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.api.config.ConfigurationServiceOverrider;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration;

import java.time.Clock;
import java.time.Duration;
import java.util.UUID;
import java.util.function.Consumer;

/** Builds the java-operator-sdk Operator with the SandboxSession controller, for main and for tests. */
public final class SandpodOperator {

    /** Name of the Lease the replicas compete for. */
    public static final String LEASE_NAME = "sandpod-operator";

    private SandpodOperator() {
    }

    /**
     * @param overrides applied last: tests turn off server-side apply (the mock API server does not
     *                  speak it) and keep their client open on stop
     */
    public static Operator create(KubernetesClient client, OperatorConfig config, Runtimes runtimes,
                                  SessionMetrics metrics, Consumer<ConfigurationServiceOverrider> overrides) {
        Operator operator = new Operator(o -> {
            o.withKubernetesClient(client);
            if (config.leaderElection()) {
                String identity = System.getenv().getOrDefault("HOSTNAME", "sandpod-" + UUID.randomUUID());
                o.withLeaderElectionConfiguration(new LeaderElectionConfiguration(LEASE_NAME, config.leaseNamespace(),
                        LeaderElectionConfiguration.LEASE_DURATION_DEFAULT_VALUE,
                        LeaderElectionConfiguration.RENEW_DEADLINE_DEFAULT_VALUE,
                        LeaderElectionConfiguration.RETRY_PERIOD_DEFAULT_VALUE,
                        identity, null, config.exitOnStopLeading()));
            }
            overrides.accept(o);
        });
        var reconciler = new SandboxSessionReconciler(config, runtimes, new AgentProbe(Duration.ofSeconds(2)),
                new SessionEvents(client), metrics, Clock.systemUTC(), client);
        operator.register(reconciler, c -> {
            if (!config.namespaces().isEmpty()) {
                c.settingNamespaces(config.namespaces());
            }
        });
        return operator;
    }
}
