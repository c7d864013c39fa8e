package dev.sandpod.operator.policy;

import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyEgressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;

import java.util.List;
import java.util.Objects;

/**
 * The NetworkPolicy every Kubernetes session gets (chart values {@code networkPolicy.*}): ingress to
 * the agent's port only from the operator and the peers named here; egress to DNS and to the
 * internet, with the private, shared, link-local and metadata ranges (where a cluster's pods,
 * services, nodes and cloud metadata live) denied. Rules in {@link #extraEgress} open more.
 *
 * @param enabled      whether sessions get a NetworkPolicy at all
 * @param operator     the operator's pods, as a peer; null when the operator does not run in the cluster
 * @param ingressFrom  further peers that may reach the agent's port (an agent's pods, a gateway)
 * @param dns          whether DNS (UDP and TCP port 53) is allowed
 * @param dnsTo        where DNS may go; empty: any destination
 * @param internet     whether every address outside {@link #deniedCIDRs} is allowed
 * @param deniedCIDRs  ranges the internet rule leaves out: the cluster's pod and service ranges, nodes,
 *                     link-local and the metadata addresses
 * @param extraEgress  further egress rules, e.g. to a package mirror inside the cluster
 */
public record NetworkIsolation(
        Boolean enabled,
        NetworkPolicyPeer operator,
        List<NetworkPolicyPeer> ingressFrom,
        Boolean dns,
        List<NetworkPolicyPeer> dnsTo,
        Boolean internet,
        List<String> deniedCIDRs,
        List<NetworkPolicyEgressRule> extraEgress) {

    /**
     * Private (RFC 1918), shared (RFC 6598, also Alibaba's metadata 100.100.100.200), link-local
     * (169.254.169.254, the metadata address of most clouds) and their IPv6 counterparts (unique
     * local, fd00:ec2::254 included, and link-local).
     */
    public static final List<String> DEFAULT_DENIED = List.of("10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16",
            "100.64.0.0/10", "169.254.0.0/16", "fc00::/7", "fe80::/10");

    public NetworkIsolation {
        enabled = Objects.requireNonNullElse(enabled, true);
        ingressFrom = List.copyOf(Objects.requireNonNullElse(ingressFrom, List.of()));
        dns = Objects.requireNonNullElse(dns, true);
        dnsTo = List.copyOf(Objects.requireNonNullElse(dnsTo, List.of()));
        internet = Objects.requireNonNullElse(internet, true);
        deniedCIDRs = List.copyOf(Objects.requireNonNullElse(deniedCIDRs, DEFAULT_DENIED));
        extraEgress = List.copyOf(Objects.requireNonNullElse(extraEgress, List.of()));
    }

    /** On, with every default and no operator peer. */
    public static NetworkIsolation defaults() {
        return new NetworkIsolation(null, null, null, null, null, null, null, null);
    }
}
