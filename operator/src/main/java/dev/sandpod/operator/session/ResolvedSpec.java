package dev.sandpod.operator.session;

import dev.sandpod.api.session.SessionRuntime;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.Toleration;

import java.util.List;
import java.util.Map;

/**
 * A session's spec with every default applied and validated: what the builders of owned objects
 * and the local runtimes work from. {@link SessionSpecResolver} makes it; the platform team's
 * policy then adds its own defaults ({@code dev.sandpod.operator.policy.SessionAdmission}).
 *
 * @param workspaceSizeLimit the emptyDir workspace's {@code sizeLimit}; null for none
 */
public record ResolvedSpec(
        SessionRuntime runtime,
        String image,
        String imagePullPolicy,
        boolean injectAgent,
        String sandboxImage,
        String workingDir,
        String userName,
        int uid,
        boolean root,
        List<EnvVar> env,
        List<String> plugins,
        int noChangeSeconds,
        ResourceRequirements resources,
        String runtimeClassName,
        Map<String, String> nodeSelector,
        List<Toleration> tolerations,
        Quantity workspaceSize,
        String storageClassName,
        Quantity workspaceSizeLimit) {

    /** Key of the resolved spec in the reconcile context, where the dependents read it. */
    public static final String CONTEXT_KEY = "sandpod.resolvedSpec";

    public boolean kubernetes() {
        return runtime == SessionRuntime.KUBERNETES;
    }

    /** The same spec with what the platform's policy sets on every session. */
    public ResolvedSpec withPlatformSettings(ResourceRequirements resources, String runtimeClassName,
                                             Map<String, String> nodeSelector, List<Toleration> tolerations,
                                             Quantity workspaceSizeLimit) {
        return new ResolvedSpec(runtime, image, imagePullPolicy, injectAgent, sandboxImage, workingDir, userName, uid, root,
                env, plugins, noChangeSeconds, resources, runtimeClassName, nodeSelector, tolerations, workspaceSize,
                storageClassName, workspaceSizeLimit);
    }
}
