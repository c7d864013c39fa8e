package dev.sandpod.operator.runtime;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectNetworkCmd;
import com.github.dockerjava.api.exception.ConflictException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Network;
import java.util.Map;

/**
 * The Docker network every sandbox joins: a bridge with inter-container communication off
 * ({@code com.docker.network.bridge.enable_icc=false}), so a sandbox reaches the internet and the
 * host's published ports but no other container on it, not even another session's agent. Docker
 * enforces that with an iptables rule that drops traffic from the bridge back into it. Created on
 * first use and kept (sandboxes of later sessions join it); a network of that name without the
 * option is refused rather than used.
 */
final class SandboxNetwork {

    /** The network's default name. */
    static final String DEFAULT_NAME = "sandpod";
    static final String ICC_OPTION = "com.docker.network.bridge.enable_icc";

    private final DockerClient docker;
    private final String name;

    SandboxNetwork(DockerClient docker, String name) {
        this.docker = docker;
        this.name = name;
    }

    String name() {
        return name;
    }

    /** Creates the network when missing; answers a failed state when one of that name is not isolated, else null. */
    SandboxState ensure() {
        Network network = inspect();
        if (network == null) {
            try {
                docker.createNetworkCmd().withName(name).withDriver("bridge").withCheckDuplicate(true)
                        .withOptions(Map.of(ICC_OPTION, "false"))
                        .withLabels(Map.of(SandboxNames.MANAGED_BY_LABEL, SandboxNames.MANAGED_BY))
                        .exec();
                return null;
            } catch (ConflictException e) {
                network = inspect(); // another caller created it first
                if (network == null) {
                    throw e;
                }
            }
        }
        if (network.getOptions() == null || !"false".equals(network.getOptions().get(ICC_OPTION))) {
            return SandboxState.failed("NetworkNotIsolated", "The Docker network " + name + " exists without "
                    + ICC_OPTION + "=false, so sandboxes on it could reach each other. Remove it (docker network rm "
                    + name + ", after removing the containers on it) and Sandpod creates it again with that option.");
        }
        return null;
    }

    private Network inspect() {
        try {
            InspectNetworkCmd inspect = docker.inspectNetworkCmd().withNetworkId(name);
            return inspect.exec();
        } catch (NotFoundException e) {
            return null;
        }
    }
}
