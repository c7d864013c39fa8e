package dev.sandpod.operator.session;

import dev.sandpod.api.session.SandboxSession;
import dev.sandpod.api.session.SandboxSessionStatus;
import dev.sandpod.api.session.SessionCondition;
import dev.sandpod.api.session.SessionPhase;
import dev.sandpod.api.session.SessionRuntime;
import dev.sandpod.operator.OperatorConfig;
import dev.sandpod.operator.Runtimes;
import dev.sandpod.operator.SessionMetrics;
import dev.sandpod.operator.policy.PolicyDeniedException;
import dev.sandpod.operator.policy.SessionAdmission;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Secret;
import io.javaoperatorsdk.operator.api.reconciler.Cleaner;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.DeleteControl;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.Workflow;
import io.javaoperatorsdk.operator.api.reconciler.dependent.Dependent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

/**
 * Reconciles a SandboxSession: resolves its spec and admits it under the platform's policy, runs the
 * owned objects' workflow (Secret always; NetworkPolicy, Pod, Service and claim for the kubernetes
 * runtime), or a local runtime, then writes the status. The workflow is invoked explicitly so an
 * invalid or denied spec creates nothing.
 *
 * <p>It is a {@link Cleaner}, so every session carries the finalizer: java-operator-sdk calls
 * back on deletion only for controllers with a finalizer, and Docker state is outside Kubernetes.
 * For kubernetes sessions the cleanup does nothing; owner references let Kubernetes collect the rest.
 */
@Workflow(explicitInvocation = true, dependents = {
        @Dependent(name = "token", type = TokenSecretDependent.class),
        @Dependent(name = "workspace", type = WorkspaceClaimDependent.class,
                reconcilePrecondition = WorkspaceClaimCondition.class),
        @Dependent(name = "networkpolicy", type = SandboxNetworkPolicyDependent.class,
                reconcilePrecondition = KubernetesRuntimeCondition.class),
        @Dependent(name = "pod", type = AgentPodDependent.class, dependsOn = {"token", "networkpolicy"},
                reconcilePrecondition = KubernetesRuntimeCondition.class),
        @Dependent(name = "service", type = AgentServiceDependent.class,
                reconcilePrecondition = KubernetesRuntimeCondition.class)})
@ControllerConfiguration(name = SandboxSessionReconciler.NAME)
public class SandboxSessionReconciler implements Reconciler<SandboxSession>, Cleaner<SandboxSession> {

    /**
     * Docker and process sandboxes send no events: a Ready or Failed one is looked at this often,
     * so an agent that exits shows as AgentExited within it. One look is a container inspect and
     * two loopback HTTP calls.
     */
    static final Duration LOCAL_RECHECK = Duration.ofSeconds(5);


    /**
     * A kubernetes session whose pod is not there, not scheduled or not ready yet is reconciled
     * again by the pod's own events; probing it meanwhile only cost CPU (50 sessions started at
     * once on the real cluster: 1 s of operator CPU per session). Looked at this often in case a
     * watch event is lost.
     */
    static final Duration POD_EVENTS_MISSED = Duration.ofSeconds(30);
    private static final java.util.Set<String> WAITING_FOR_THE_POD = java.util.Set.of("PodCreating", "PodNotScheduled",
            "ContainerStarting");

    public static final String NAME = "sandboxsession";
    private static final Logger LOG = LoggerFactory.getLogger(SandboxSessionReconciler.class);

    private final OperatorConfig config;
    private final Runtimes runtimes;
    private final SessionSpecResolver resolver;
    private final SessionAdmission admission;
    private final PodSandbox pods;
    private final LocalSandbox local;
    private final SessionMetrics metrics;
    private final SessionStatusWriter writer;
    private final Clock clock;

    public SandboxSessionReconciler(OperatorConfig config, Runtimes runtimes, AgentProbe probe,
                                    SessionEvents events, SessionMetrics metrics, Clock clock,
                                    io.fabric8.kubernetes.client.KubernetesClient client) {
        this.config = config;
        this.runtimes = runtimes;
        this.resolver = new SessionSpecResolver(config, runtimes);
        this.admission = new SessionAdmission(config.policy().policy());
        this.pods = new PodSandbox(client, probe, config);
        this.local = new LocalSandbox(probe);
        this.writer = new SessionStatusWriter(events, metrics, clock);
        this.metrics = metrics;
        this.clock = clock;
    }

    @Override
    public UpdateControl<SandboxSession> reconcile(SandboxSession session, Context<SandboxSession> context) {
        SandboxSessionStatus before = writer.current(session);
        SessionStatusBuilder status = new SessionStatusBuilder(before, session.getMetadata().getGeneration(), clock.instant());
        ResolvedSpec spec;
        try {
            spec = admission.admit(resolver.resolve(session));
        } catch (InvalidSpecException | PolicyDeniedException e) {
            String reason = e instanceof PolicyDeniedException ? "PolicyDenied" : "InvalidSpec";
            status.podScheduled(SessionStatusBuilder.UNKNOWN, reason, "nothing was created")
                    .agentReady(SessionStatusBuilder.UNKNOWN, reason, "nothing was created")
                    .failed(reason, e.getMessage());
            return writer.write(session, status.build(), null);
        }
        context.managedWorkflowAndDependentResourceContext().put(ResolvedSpec.CONTEXT_KEY, spec);
        context.managedWorkflowAndDependentResourceContext().put(SandboxNetworkPolicyDependent.CONTEXT_KEY,
                config.policy().networkPolicy());
        // a dependent the API server refused (quota, admission) fails the reconcile into updateErrorStatus
        context.managedWorkflowAndDependentResourceContext().reconcileManagedWorkflow()
                .throwAggregateExceptionIfErrorsPresent();
        status.tokenSecret(SessionNames.secret(session));
        Optional<String> apiKey = context.getSecondaryResource(Secret.class).flatMap(TokenSecretDependent::apiKey);
        if (apiKey.isEmpty()) {
            status.agentReady(SessionStatusBuilder.UNKNOWN, "SecretCreating", "waiting for Secret " + SessionNames.secret(session));
            return writer.write(session, status.build(), Duration.ofSeconds(1));
        }
        boolean ready = spec.kubernetes()
                ? pods.observe(session, context.getSecondaryResource(Pod.class), apiKey.get(), status)
                : local.observe(session, spec, runtimes.local(spec.runtime()).orElseThrow(), apiKey.get(), status);
        SandboxSessionStatus after = status.build();
        Duration recheck = after.getPhase() == SessionPhase.Failed || ready
                ? (spec.kubernetes() ? null : LOCAL_RECHECK)
                : spec.kubernetes() && WAITING_FOR_THE_POD.contains(after.condition(SessionCondition.AGENT_READY).getReason())
                ? POD_EVENTS_MISSED
                : after.getPhase() == SessionPhase.Starting ? StartingRecheck.after(after, clock.instant()) : Duration.ofSeconds(5);
        return writer.write(session, after, recheck);
    }

    /** The error path (STYLE 5): into status and an Event, by {@link SessionStatusWriter}. */
    @Override
    public ErrorStatusUpdateControl<SandboxSession> updateErrorStatus(SandboxSession session, Context<SandboxSession> context,
                                                                      Exception e) {
        return writer.updateErrorStatus(session, e);
    }

    @Override
    public DeleteControl cleanup(SandboxSession session, Context<SandboxSession> context) {
        SessionRuntime runtime = session.getSpec() != null && session.getSpec().getRuntime() != null
                ? session.getSpec().getRuntime() : config.defaultRuntime();
        runtimes.local(runtime).ifPresent(local -> {
            writer.terminating(session, context.getClient()); // stopping a container can take seconds
            local.delete(session.getMetadata().getNamespace(), session.getMetadata().getName());
        });
        metrics.forget(session);
        writer.forget(session);
        LOG.info("session={}/{} event=deleted runtime={}", session.getMetadata().getNamespace(),
                session.getMetadata().getName(), runtime.value());
        return DeleteControl.defaultDelete();
    }
}
