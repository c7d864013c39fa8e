package dev.sandpod.operator.session;

import dev.sandpod.operator.runtime.SandboxLimits;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code spec.resources} for each runtime. Besides Kubernetes' {@code cpu} and {@code memory},
 * {@code limits.pids} caps a Docker sandbox's processes; a pod has no per-pod field for that (the
 * kubelet's {@code podPidsLimit} applies), so it is left out of the pod.
 */
public final class SessionResources {

    /** The Sandpod-specific limit on processes and threads. */
    static final String PIDS = "pids";

    private SessionResources() {
    }

    /** The container's resources: the spec's, without {@code pids}, which the API server would refuse. */
    static ResourceRequirements forPod(ResourceRequirements resources) {
        if (resources == null || resources.getLimits() == null || !resources.getLimits().containsKey(PIDS)) {
            return resources;
        }
        Map<String, Quantity> limits = new LinkedHashMap<>(resources.getLimits());
        limits.remove(PIDS);
        return new ResourceRequirementsBuilder(resources).withLimits(limits.isEmpty() ? null : limits).build();
    }

    /** The Docker runtime's limits. */
    public static SandboxLimits forLocalSandbox(ResourceRequirements resources) {
        if (resources == null) {
            return SandboxLimits.NONE;
        }
        Map<String, Quantity> limits = resources.getLimits() == null ? Map.of() : resources.getLimits();
        Map<String, Quantity> requests = resources.getRequests() == null ? Map.of() : resources.getRequests();
        return new SandboxLimits(bytes(limits.get("memory")), bytes(requests.get("memory")),
                milli(limits.get("cpu")), milli(requests.get("cpu")), bytes(limits.get(PIDS)));
    }

    private static Long bytes(Quantity quantity) {
        return quantity == null ? null : Quantity.getAmountInBytes(quantity).setScale(0, java.math.RoundingMode.CEILING).longValueExact();
    }

    private static Long milli(Quantity quantity) {
        return quantity == null ? null
                : Quantity.getAmountInBytes(quantity).multiply(BigDecimal.valueOf(1000)).setScale(0, java.math.RoundingMode.CEILING).longValueExact();
    }
}
