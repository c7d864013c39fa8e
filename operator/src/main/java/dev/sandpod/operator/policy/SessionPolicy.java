package dev.sandpod.operator.policy;

import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import io.fabric8.kubernetes.api.model.Toleration;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The rules the platform team sets for every SandboxSession (chart values {@code policy.*}):
 * what a session may ask for, and what every session gets. A key left out of the policy file
 * takes the default below, which is also the chart's: secure, so a new cluster starts locked down.
 *
 * @param allowedImages            prefixes {@code spec.image} must start with; {@code "*"} allows any image.
 *                                 The operator's own sandbox image is always allowed
 * @param allowRoot                whether {@code spec.user.root: true} is allowed
 * @param allowedRuntimeClassNames what {@code spec.runtimeClassName} may name; empty: sessions may not set one
 * @param defaultRuntimeClassName  the RuntimeClass of sessions that set none (e.g. gvisor, kata); null for the cluster's default
 * @param allowNodeSelector        whether sessions may set {@code spec.nodeSelector} (default true: a selector only
 *                                 narrows where a pod may run; taints and the platform's selector still apply)
 * @param allowTolerations         whether sessions may set {@code spec.tolerations} (they widen where a pod may run)
 * @param nodeSelector             added to every session's pod (the platform's sandbox nodes)
 * @param tolerations              added to every session's pod
 * @param allowValueFrom           whether {@code spec.env[].valueFrom} may read Secrets and ConfigMaps
 * @param defaultResources         requests and limits of sessions that set none of that resource
 * @param maxResources             the largest request or limit per resource a session may ask for; a default
 *                                 limit above it is refused when the policy is read
 * @param workspaceSizeLimit       the emptyDir workspace's size limit, and the largest {@code spec.workspace.size}
 */
public record SessionPolicy(
        List<String> allowedImages,
        boolean allowRoot,
        List<String> allowedRuntimeClassNames,
        String defaultRuntimeClassName,
        Boolean allowNodeSelector,
        boolean allowTolerations,
        Map<String, String> nodeSelector,
        List<Toleration> tolerations,
        boolean allowValueFrom,
        ResourceRequirements defaultResources,
        Map<String, Quantity> maxResources,
        Quantity workspaceSizeLimit) {

    /** In {@link #allowedImages}: any image. */
    public static final String ANY_IMAGE = "*";

    public SessionPolicy {
        allowedImages = List.copyOf(Objects.requireNonNullElse(allowedImages, List.of(ANY_IMAGE)));
        allowedRuntimeClassNames = List.copyOf(Objects.requireNonNullElse(allowedRuntimeClassNames, List.of()));
        defaultRuntimeClassName = defaultRuntimeClassName == null || defaultRuntimeClassName.isBlank() ? null : defaultRuntimeClassName;
        allowNodeSelector = allowNodeSelector == null || allowNodeSelector;
        nodeSelector = Map.copyOf(Objects.requireNonNullElse(nodeSelector, Map.of()));
        tolerations = List.copyOf(Objects.requireNonNullElse(tolerations, List.of()));
        defaultResources = Objects.requireNonNullElseGet(defaultResources, SessionPolicy::defaultResourceRequirements);
        maxResources = Map.copyOf(Objects.requireNonNullElseGet(maxResources,
                () -> Map.of("cpu", new Quantity("4"), "memory", new Quantity("8Gi"))));
        workspaceSizeLimit = Objects.requireNonNullElseGet(workspaceSizeLimit, () -> new Quantity("10Gi"));
        checkDefaultsWithinMaxima(defaultResources, maxResources);
    }

    /** A default above its maximum would deny every session that relies on it: refused when the policy is read. */
    private static void checkDefaultsWithinMaxima(ResourceRequirements defaults, Map<String, Quantity> maxima) {
        for (var list : Map.of("limits", Objects.requireNonNullElse(defaults.getLimits(), Map.<String, Quantity>of()),
                "requests", Objects.requireNonNullElse(defaults.getRequests(), Map.<String, Quantity>of())).entrySet()) {
            list.getValue().forEach((resource, quantity) -> {
                Quantity max = maxima.get(resource);
                if (max != null && Quantity.getAmountInBytes(quantity).compareTo(Quantity.getAmountInBytes(max)) > 0) {
                    throw new IllegalArgumentException("policy.defaultResources." + list.getKey() + "." + resource + " "
                            + quantity + " is more than policy.maxResources." + resource + " " + max
                            + ": every session relying on the default would be denied; lower the default or raise the maximum");
                }
            });
        }
    }

    /** The policy without a file: every default. */
    public static SessionPolicy defaults() {
        return new SessionPolicy(null, false, null, null, null, false, null, null, false, null, null, null);
    }

    private static ResourceRequirements defaultResourceRequirements() {
        return new ResourceRequirementsBuilder()
                .addToRequests("cpu", new Quantity("25m"))
                .addToRequests("memory", new Quantity("256Mi"))
                .addToLimits("memory", new Quantity("2Gi"))
                .build();
    }
}
