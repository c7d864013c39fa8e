package dev.sandpod.operator.policy;

import dev.sandpod.operator.session.ResolvedSpec;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import io.fabric8.kubernetes.api.model.Toleration;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Admits a resolved spec under the platform's {@link SessionPolicy}, the way an admission
 * controller would (Kubernetes 1.20 has no CEL validation, so the operator enforces it): a spec
 * that breaks a rule is refused with a {@link PolicyDeniedException} naming the field and the rule
 * before anything is created; an admitted one gets the policy's defaults (resources, the
 * RuntimeClass, node selector, tolerations, the workspace's size limit).
 */
public final class SessionAdmission {

    private final SessionPolicy policy;

    public SessionAdmission(SessionPolicy policy) {
        this.policy = policy;
    }

    public ResolvedSpec admit(ResolvedSpec spec) {
        checkImage(spec);
        if (spec.root() && !policy.allowRoot()) {
            deny("spec.user.root: true is not allowed (policy.allowRoot is false); leave it out to run as uid "
                    + "1000, or ask the platform team to allow root sessions");
        }
        String runtimeClass = runtimeClass(spec);
        if (!spec.nodeSelector().isEmpty() && !policy.allowNodeSelector()) {
            deny("spec.nodeSelector is not allowed (policy.allowNodeSelector is false); leave it out, sessions run on "
                    + (policy.nodeSelector().isEmpty() ? "any node" : "nodes with " + policy.nodeSelector()));
        }
        if (!spec.tolerations().isEmpty() && !policy.allowTolerations()) {
            deny("spec.tolerations is not allowed (policy.allowTolerations is false); leave it out");
        }
        checkEnv(spec.env());
        checkWorkspace(spec);
        Map<String, String> nodeSelector = new LinkedHashMap<>(spec.nodeSelector());
        nodeSelector.putAll(policy.nodeSelector()); // the platform's placement wins over the session's
        List<Toleration> tolerations = new ArrayList<>(spec.tolerations());
        policy.tolerations().stream().filter(t -> !tolerations.contains(t)).forEach(tolerations::add);
        return spec.withPlatformSettings(resources(spec.resources()), runtimeClass, nodeSelector, tolerations,
                policy.workspaceSizeLimit());
    }

    private void checkImage(ResolvedSpec spec) {
        String image = spec.image();
        if (image.equals(spec.sandboxImage()) || policy.allowedImages().stream()
                .anyMatch(prefix -> prefix.equals(SessionPolicy.ANY_IMAGE) || image.startsWith(prefix))) {
            return;
        }
        deny("spec.image: '" + image + "' is not allowed (policy.allowedImages: " + policy.allowedImages()
                + "); use an image that starts with one of those, or leave spec.image out for " + spec.sandboxImage());
    }

    private String runtimeClass(ResolvedSpec spec) {
        if (spec.runtimeClassName() == null) {
            return policy.defaultRuntimeClassName();
        }
        if (!policy.allowedRuntimeClassNames().contains(spec.runtimeClassName())) {
            deny("spec.runtimeClassName: '" + spec.runtimeClassName() + "' is not allowed (policy.allowedRuntimeClassNames: "
                    + policy.allowedRuntimeClassNames() + "); leave it out"
                    + (policy.defaultRuntimeClassName() == null ? "" : " to run with " + policy.defaultRuntimeClassName()));
        }
        return spec.runtimeClassName();
    }

    private void checkEnv(List<EnvVar> env) {
        if (policy.allowValueFrom()) {
            return;
        }
        for (int i = 0; i < env.size(); i++) {
            var from = env.get(i).getValueFrom();
            if (from == null) {
                continue;
            }
            // the pod's own fields tell the sandbox nothing it could not read itself
            String reference = from.getSecretKeyRef() != null ? "secretKeyRef (Secret " + from.getSecretKeyRef().getName() + ")"
                    : from.getConfigMapKeyRef() != null ? "configMapKeyRef (ConfigMap " + from.getConfigMapKeyRef().getName() + ")"
                    : null;
            if (reference != null) {
                deny("spec.env[" + i + "].valueFrom." + reference + " is not allowed (policy.allowValueFrom is false):"
                        + " the sandbox would read an object its creator may not be allowed to read; use spec.env[" + i
                        + "].value, or ask the platform team");
            }
        }
    }

    private void checkWorkspace(ResolvedSpec spec) {
        if (spec.workspaceSize() != null && amount(spec.workspaceSize()).compareTo(amount(policy.workspaceSizeLimit())) > 0) {
            deny("spec.workspace.size: " + spec.workspaceSize() + " is more than policy.workspaceSizeLimit "
                    + policy.workspaceSizeLimit() + "; ask for at most that");
        }
    }

    /**
     * The spec's resources with the policy's defaults for what it leaves out, checked against the
     * maxima. A maximum is not turned into a limit: Kubernetes would make the missing request equal
     * to it, and a pod asking for the whole maximum may fit on no node.
     */
    private ResourceRequirements resources(ResourceRequirements asked) {
        Map<String, Quantity> requests = new LinkedHashMap<>(asked == null || asked.getRequests() == null ? Map.of() : asked.getRequests());
        Map<String, Quantity> limits = new LinkedHashMap<>(asked == null || asked.getLimits() == null ? Map.of() : asked.getLimits());
        ResourceRequirements defaults = policy.defaultResources();
        Objects.requireNonNullElse(defaults.getRequests(), Map.<String, Quantity>of()).forEach(requests::putIfAbsent);
        Objects.requireNonNullElse(defaults.getLimits(), Map.<String, Quantity>of()).forEach((resource, limit) -> {
            Quantity request = requests.get(resource);
            // a default limit below the session's own request would make the pod invalid
            limits.putIfAbsent(resource, request != null && amount(request).compareTo(amount(limit)) > 0 ? request : limit);
        });
        policy.maxResources().forEach((resource, max) -> {
            for (var asking : List.of(Map.entry("limits", limits), Map.entry("requests", requests))) {
                Quantity quantity = asking.getValue().get(resource);
                if (quantity != null && amount(quantity).compareTo(amount(max)) > 0) {
                    deny("spec.resources." + asking.getKey() + "." + resource + ": " + quantity + " is more than"
                            + " policy.maxResources." + resource + " " + max + "; ask for at most that");
                }
            }
        });
        if (requests.isEmpty() && limits.isEmpty()) {
            return null;
        }
        ResourceRequirementsBuilder builder = asked == null ? new ResourceRequirementsBuilder() : new ResourceRequirementsBuilder(asked);
        return builder.withRequests(requests.isEmpty() ? null : requests).withLimits(limits.isEmpty() ? null : limits).build();
    }

    private static BigDecimal amount(Quantity quantity) {
        return Quantity.getAmountInBytes(quantity);
    }

    private static void deny(String message) {
        throw new PolicyDeniedException(message);
    }
}
