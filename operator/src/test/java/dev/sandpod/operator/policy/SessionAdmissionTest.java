package dev.sandpod.operator.policy;

import dev.sandpod.api.session.SandboxSession;
import dev.sandpod.api.session.SandboxSessionSpec;
import dev.sandpod.api.session.SessionRuntime;
import dev.sandpod.api.session.SessionUser;
import dev.sandpod.api.session.SessionWorkspace;
import dev.sandpod.operator.OperatorConfig;
import dev.sandpod.operator.Runtimes;
import dev.sandpod.operator.session.ResolvedSpec;
import dev.sandpod.operator.session.SessionSpecResolver;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import io.fabric8.kubernetes.api.model.Toleration;
import io.fabric8.kubernetes.api.model.TolerationBuilder;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every rule of the platform's policy: what it denies (naming the field and the rule) and what it adds. */
class SessionAdmissionTest {

    private static final SessionPolicy DEFAULTS = SessionPolicy.defaults();

    private static ResolvedSpec resolve(Consumer<SandboxSessionSpec> edit) {
        SandboxSessionSpec spec = new SandboxSessionSpec();
        edit.accept(spec);
        SandboxSession session = new SandboxSession();
        session.setMetadata(new ObjectMetaBuilder().withName("demo").withNamespace("team-a").withUid("u").build());
        session.setSpec(spec);
        return new SessionSpecResolver(OperatorConfig.defaults(SessionRuntime.KUBERNETES), Runtimes.kubernetesOnly()).resolve(session);
    }

    private static String denied(SessionPolicy policy, Consumer<SandboxSessionSpec> edit) {
        ResolvedSpec spec = resolve(edit);
        return assertThrows(PolicyDeniedException.class, () -> new SessionAdmission(policy).admit(spec)).getMessage();
    }

    private static ResolvedSpec admitted(SessionPolicy policy, Consumer<SandboxSessionSpec> edit) {
        return new SessionAdmission(policy).admit(resolve(edit));
    }

    private static SessionPolicy policy(List<String> images, boolean root, List<String> runtimeClasses, String defaultRuntimeClass,
                                        Boolean nodeSelector, boolean tolerations, Map<String, String> platformNodes,
                                        List<Toleration> platformTolerations, boolean valueFrom, ResourceRequirements defaults,
                                        Map<String, Quantity> max, Quantity workspace) {
        return new SessionPolicy(images, root, runtimeClasses, defaultRuntimeClass, nodeSelector, tolerations, platformNodes,
                platformTolerations, valueFrom, defaults, max, workspace);
    }

    @Test
    void theDefaultPolicyAdmitsAPlainSessionAndGivesItResourcesAndAWorkspaceLimit() {
        ResolvedSpec spec = admitted(DEFAULTS, s -> { });
        assertEquals(new Quantity("25m"), spec.resources().getRequests().get("cpu"));
        assertEquals(new Quantity("256Mi"), spec.resources().getRequests().get("memory"));
        assertEquals(Map.of("memory", new Quantity("2Gi")), spec.resources().getLimits(),
                "no CPU limit: a maximum is not made a limit (Kubernetes would make the request that large too)");
        assertEquals(new Quantity("10Gi"), spec.workspaceSizeLimit());
        assertNull(spec.runtimeClassName());
    }

    @Test
    void rootIsDeniedUnlessAllowed() {
        Consumer<SandboxSessionSpec> root = s -> {
            SessionUser user = new SessionUser();
            user.setRoot(true);
            s.setUser(user);
        };
        String message = denied(DEFAULTS, root);
        assertTrue(message.startsWith("spec.user.root: true is not allowed (policy.allowRoot is false)"), message);
        SessionPolicy allowing = policy(null, true, null, null, false, false, null, null, false, null, null, null);
        assertTrue(admitted(allowing, root).root());
    }

    @Test
    void imagesMustStartWithAnAllowedPrefixButTheSandboxImageIsAlwaysAllowed() {
        SessionPolicy registryOnly = policy(List.of("registry.example.com/sandboxes/"), false, null, null, false, false, null, null,
                false, null, null, null);
        String message = denied(registryOnly, s -> s.setImage("docker.io/evil/miner:1"));
        assertTrue(message.startsWith("spec.image: 'docker.io/evil/miner:1' is not allowed (policy.allowedImages: "
                + "[registry.example.com/sandboxes/])"), message);
        assertEquals("registry.example.com/sandboxes/python:3.12",
                admitted(registryOnly, s -> s.setImage("registry.example.com/sandboxes/python:3.12")).image());
        assertEquals(OperatorConfig.DEFAULT_SANDBOX_IMAGE, admitted(registryOnly, s -> { }).image());
        assertEquals("anything:1", admitted(DEFAULTS, s -> s.setImage("anything:1")).image(), "the default allows any image");
    }

    @Test
    void runtimeClassMustBeAllowedAndTheDefaultOneApplies() {
        SessionPolicy gvisor = policy(null, false, List.of("gvisor", "kata"), "gvisor", false, false, null, null, false, null, null, null);
        assertEquals("gvisor", admitted(gvisor, s -> { }).runtimeClassName());
        assertEquals("kata", admitted(gvisor, s -> s.setRuntimeClassName("kata")).runtimeClassName());
        String message = denied(gvisor, s -> s.setRuntimeClassName("runc"));
        assertTrue(message.startsWith("spec.runtimeClassName: 'runc' is not allowed (policy.allowedRuntimeClassNames: [gvisor, kata])"),
                message);
        assertTrue(message.contains("to run with gvisor"), message);
        assertTrue(denied(DEFAULTS, s -> s.setRuntimeClassName("gvisor")).contains("policy.allowedRuntimeClassNames: []"));
    }

    @Test
    void nodeSelectorAndTolerationsAreDeniedUnlessAllowedAndThePlatformsAreAdded() {
        Toleration sessions = new TolerationBuilder().withKey("sandbox").withOperator("Exists").build();
        Toleration platform = new TolerationBuilder().withKey("sandpod.dev/sandboxes").withOperator("Exists").withEffect("NoSchedule").build();
        SessionPolicy strict = policy(null, false, null, null, false, false, null, null, false, null, null, null);
        String selector = denied(strict, s -> s.setNodeSelector(Map.of("pool", "gpu")));
        assertTrue(selector.startsWith("spec.nodeSelector is not allowed (policy.allowNodeSelector is false)"), selector);
        assertEquals(Map.of("pool", "gpu"), admitted(DEFAULTS, s -> s.setNodeSelector(Map.of("pool", "gpu"))).nodeSelector(),
                "by default a session may narrow where it runs");
        String tolerations = denied(DEFAULTS, s -> s.setTolerations(List.of(sessions)));
        assertTrue(tolerations.startsWith("spec.tolerations is not allowed (policy.allowTolerations is false)"), tolerations);

        SessionPolicy pinned = policy(null, false, null, null, true, true, Map.of("pool", "sandboxes"), List.of(platform), false,
                null, null, null);
        ResolvedSpec spec = admitted(pinned, s -> {
            s.setNodeSelector(Map.of("pool", "gpu", "zone", "a"));
            s.setTolerations(List.of(sessions));
        });
        assertEquals(Map.of("pool", "sandboxes", "zone", "a"), spec.nodeSelector(), "the platform's placement wins");
        assertEquals(List.of(sessions, platform), spec.tolerations());
        ResolvedSpec plain = admitted(pinned, s -> { });
        assertEquals(Map.of("pool", "sandboxes"), plain.nodeSelector());
        assertEquals(List.of(platform), plain.tolerations());
    }

    @Test
    void secretAndConfigMapReferencesAreDeniedUnlessAllowedButTheDownwardApiIsFine() {
        EnvVar secret = new EnvVarBuilder().withName("TOKEN").withNewValueFrom().withNewSecretKeyRef("key", "db-password", false)
                .endValueFrom().build();
        EnvVar configMap = new EnvVarBuilder().withName("CONF").withNewValueFrom().withNewConfigMapKeyRef("k", "settings", false)
                .endValueFrom().build();
        EnvVar downward = new EnvVarBuilder().withName("POD").withNewValueFrom().withNewFieldRef(null, "metadata.name")
                .endValueFrom().build();
        String message = denied(DEFAULTS, s -> s.setEnv(List.of(downward, secret)));
        assertTrue(message.startsWith("spec.env[1].valueFrom.secretKeyRef (Secret db-password) is not allowed "
                + "(policy.allowValueFrom is false)"), message);
        assertTrue(denied(DEFAULTS, s -> s.setEnv(List.of(configMap))).startsWith(
                "spec.env[0].valueFrom.configMapKeyRef (ConfigMap settings) is not allowed"));
        assertEquals(1, admitted(DEFAULTS, s -> s.setEnv(List.of(downward))).env().size());
        SessionPolicy allowing = policy(null, false, null, null, false, false, null, null, true, null, null, null);
        assertEquals(2, admitted(allowing, s -> s.setEnv(List.of(secret, configMap))).env().size());
    }

    @Test
    void resourcesBeyondTheMaximumAreDeniedAndDefaultsFillTheRest() {
        String limit = denied(DEFAULTS, s -> s.setResources(new ResourceRequirementsBuilder()
                .addToLimits("memory", new Quantity("16Gi")).build()));
        assertTrue(limit.startsWith("spec.resources.limits.memory: 16Gi is more than policy.maxResources.memory 8Gi"), limit);
        String request = denied(DEFAULTS, s -> s.setResources(new ResourceRequirementsBuilder()
                .addToRequests("cpu", new Quantity("6")).build()));
        assertTrue(request.startsWith("spec.resources.requests.cpu: 6 is more than policy.maxResources.cpu 4"), request);

        ResolvedSpec own = admitted(DEFAULTS, s -> s.setResources(new ResourceRequirementsBuilder()
                .addToRequests("memory", new Quantity("3Gi")).addToLimits("cpu", new Quantity("1")).build()));
        assertEquals(new Quantity("3Gi"), own.resources().getRequests().get("memory"), "the session's own request stays");
        assertEquals(new Quantity("3Gi"), own.resources().getLimits().get("memory"),
                "a default limit below the session's request would make the pod invalid: the request is the limit");
        assertEquals(new Quantity("1"), own.resources().getLimits().get("cpu"));
        assertEquals(new Quantity("25m"), own.resources().getRequests().get("cpu"));

        SessionPolicy none = policy(null, false, null, null, false, false, null, null, false, new ResourceRequirements(), Map.of(), null);
        assertNull(admitted(none, s -> { }).resources(), "a policy without defaults or maxima adds nothing");
        SessionPolicy pids = policy(null, false, null, null, false, false, null, null, false, new ResourceRequirements(),
                Map.of("pids", new Quantity("1024")), null);
        assertTrue(denied(pids, s -> s.setResources(new ResourceRequirementsBuilder().addToLimits("pids", new Quantity("5000")).build()))
                .startsWith("spec.resources.limits.pids: 5000 is more than policy.maxResources.pids 1024"));
        assertNull(admitted(pids, s -> { }).resources(), "the docker runtime's own default (4,096) is below no maximum here");
    }

    @Test
    void aDefaultAboveItsMaximumIsRefusedWhenThePolicyIsMade() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> policy(null, false, null, null, null, false,
                null, null, false, null, Map.of("memory", new Quantity("1Gi")), null));
        assertTrue(e.getMessage().startsWith("policy.defaultResources.limits.memory 2Gi is more than policy.maxResources.memory 1Gi"),
                e.getMessage());
    }

    @Test
    void aWorkspaceLargerThanTheLimitIsDenied() {
        String message = denied(DEFAULTS, s -> {
            SessionWorkspace workspace = new SessionWorkspace();
            workspace.setSize(new Quantity("100Gi"));
            s.setWorkspace(workspace);
        });
        assertTrue(message.startsWith("spec.workspace.size: 100Gi is more than policy.workspaceSizeLimit 10Gi"), message);
        ResolvedSpec small = admitted(DEFAULTS, s -> {
            SessionWorkspace workspace = new SessionWorkspace();
            workspace.setSize(new Quantity("5Gi"));
            s.setWorkspace(workspace);
        });
        assertEquals(new Quantity("5Gi"), small.workspaceSize());
    }
}
