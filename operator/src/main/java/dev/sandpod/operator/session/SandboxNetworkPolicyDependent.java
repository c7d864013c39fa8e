package dev.sandpod.operator.session;

import dev.sandpod.api.session.SandboxSession;
import dev.sandpod.operator.OperatorConfig;
import dev.sandpod.operator.policy.NetworkIsolation;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyEgressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyEgressRuleBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeerBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPortBuilder;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.dependent.ReconcileResult;
import io.javaoperatorsdk.operator.processing.dependent.Creator;
import io.javaoperatorsdk.operator.processing.dependent.Updater;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependentResource;

import java.util.ArrayList;
import java.util.List;

/**
 * The session's NetworkPolicy, named like its pod and selecting only it: ingress to the agent's
 * port from the operator and the peers the platform names, nothing else; egress to DNS and the
 * internet minus the denied ranges, plus the platform's extra rules ({@link NetworkIsolation}).
 * The pod depends on it, so the pod is never created before its policy. Updated when the
 * platform's settings change; when they turn isolation off it is left alone (and collected with
 * its session), since removing a sandbox's isolation should not happen behind its back.
 */
@KubernetesDependent(informer = @Informer(labelSelector = SessionLabels.SELECTOR))
public class SandboxNetworkPolicyDependent extends KubernetesDependentResource<NetworkPolicy, SandboxSession>
        implements Creator<NetworkPolicy, SandboxSession>, Updater<NetworkPolicy, SandboxSession> {

    /** Key of the platform's {@link NetworkIsolation} in the reconcile context. */
    static final String CONTEXT_KEY = "sandpod.networkIsolation";

    public SandboxNetworkPolicyDependent() {
        super(NetworkPolicy.class);
    }

    @Override
    public ReconcileResult<NetworkPolicy> reconcile(SandboxSession session, Context<SandboxSession> context) {
        if (!isolation(context).enabled()) {
            return ReconcileResult.noOperation(null); // the pod that depends on this one still goes ahead
        }
        return super.reconcile(session, context);
    }

    @Override
    protected NetworkPolicy desired(SandboxSession session, Context<SandboxSession> context) {
        return build(session, isolation(context));
    }

    private static NetworkIsolation isolation(Context<SandboxSession> context) {
        return context.managedWorkflowAndDependentResourceContext().getMandatory(CONTEXT_KEY, NetworkIsolation.class);
    }

    static NetworkPolicy build(SandboxSession session, NetworkIsolation isolation) {
        List<NetworkPolicyPeer> from = new ArrayList<>();
        if (isolation.operator() != null) {
            from.add(isolation.operator());
        }
        from.addAll(isolation.ingressFrom());
        var spec = new NetworkPolicyBuilder()
                .withMetadata(OwnedObjects.metadata(session, SessionNames.networkPolicy(session)))
                .withNewSpec()
                .withNewPodSelector().withMatchLabels(SessionLabels.podSelector(session)).endPodSelector()
                .withPolicyTypes("Ingress", "Egress");
        if (!from.isEmpty()) { // no peer: no ingress at all (the rule would otherwise admit everyone)
            spec.addNewIngress().withFrom(from).withPorts(port("TCP", OperatorConfig.AGENT_PORT)).endIngress();
        }
        return spec.withEgress(egress(isolation)).endSpec().build();
    }

    private static List<NetworkPolicyEgressRule> egress(NetworkIsolation isolation) {
        List<NetworkPolicyEgressRule> rules = new ArrayList<>();
        if (isolation.dns()) {
            // no 'to' at all (not an empty list) means any destination, as the API server stores it
            rules.add(new NetworkPolicyEgressRuleBuilder().withTo(isolation.dnsTo().isEmpty() ? null : isolation.dnsTo())
                    .withPorts(port("UDP", 53), port("TCP", 53)).build());
        }
        if (isolation.internet()) {
            List<String> v4 = isolation.deniedCIDRs().stream().filter(c -> !c.contains(":")).toList();
            List<String> v6 = isolation.deniedCIDRs().stream().filter(c -> c.contains(":")).toList();
            rules.add(new NetworkPolicyEgressRuleBuilder().withTo(
                    ipBlock("0.0.0.0/0", v4), ipBlock("::/0", v6)).build());
        }
        rules.addAll(isolation.extraEgress());
        return rules;
    }

    private static NetworkPolicyPeer ipBlock(String cidr, List<String> except) {
        return new NetworkPolicyPeerBuilder().withNewIpBlock().withCidr(cidr).withExcept(except.isEmpty() ? null : except)
                .endIpBlock().build();
    }

    private static NetworkPolicyPort port(String protocol, int port) {
        return new NetworkPolicyPortBuilder().withProtocol(protocol).withPort(new IntOrString(port)).build();
    }
}
