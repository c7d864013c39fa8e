package dev.sandpod.operator.session;

import dev.sandpod.api.session.SandboxSession;
import dev.sandpod.api.session.SandboxSessionSpec;
import dev.sandpod.api.session.SessionUser;
import dev.sandpod.api.session.SessionWorkspace;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import io.fabric8.kubernetes.api.model.TolerationBuilder;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AgentPodDependentTest {

    private static Pod pod(SandboxSessionSpec spec) {
        SandboxSession session = TestSessions.session("demo", spec);
        return AgentPodDependent.build(session, TestSessions.resolve(session));
    }

    private static Container agent(Pod pod) {
        return pod.getSpec().getContainers().getFirst();
    }

    @Test
    void defaultSessionRunsTheAgentOfTheSandboxImageAsUser1000() {
        Pod pod = pod(new SandboxSessionSpec());
        Container agent = agent(pod);
        assertEquals("demo-sandbox", pod.getMetadata().getName());
        assertEquals("team-a", pod.getMetadata().getNamespace());
        assertEquals("sandpod/sandbox:dev", agent.getImage());
        assertEquals(List.of("/opt/sandpod/bin/sandpod-agent"), agent.getCommand());
        assertEquals(List.of("--port", "47000", "--working-dir", "/workspace", "--username", "sandbox",
                "--user-id", "1000", "--no-change-timeout", "10"), agent.getArgs());
        assertTrue(pod.getSpec().getInitContainers().isEmpty(), "the sandbox image has the agent: no injection");
        assertEquals(1, pod.getSpec().getContainers().size());
    }

    @Test
    void securityIsRestrictedUnlessRoot() {
        Pod pod = pod(new SandboxSessionSpec());
        var security = agent(pod).getSecurityContext();
        assertFalse(pod.getSpec().getAutomountServiceAccountToken());
        assertEquals("RuntimeDefault", pod.getSpec().getSecurityContext().getSeccompProfile().getType());
        assertEquals(1000L, pod.getSpec().getSecurityContext().getFsGroup());
        assertTrue(security.getRunAsNonRoot());
        assertEquals(1000L, security.getRunAsUser());
        assertFalse(security.getAllowPrivilegeEscalation());
        assertEquals(List.of("ALL"), security.getCapabilities().getDrop());

        SandboxSessionSpec rootSpec = new SandboxSessionSpec();
        SessionUser root = new SessionUser();
        root.setRoot(true);
        rootSpec.setUser(root);
        Pod rootPod = pod(rootSpec);
        var rootSecurity = agent(rootPod).getSecurityContext();
        assertEquals(0L, rootSecurity.getRunAsUser());
        assertFalse(rootSecurity.getRunAsNonRoot());
        assertNull(rootSecurity.getCapabilities(), "root keeps the default capabilities");
        assertFalse(rootSecurity.getAllowPrivilegeEscalation());
        assertTrue(agent(rootPod).getArgs().containsAll(List.of("--user-id", "0")));
    }

    @Test
    void readinessProbeCallsAlive() {
        var probe = agent(pod(new SandboxSessionSpec())).getReadinessProbe();
        assertEquals("/alive", probe.getHttpGet().getPath());
        assertEquals(47000, probe.getHttpGet().getPort().getIntVal());
    }

    @Test
    void apiKeyComesFromTheSessionSecret() {
        SandboxSessionSpec spec = new SandboxSessionSpec();
        spec.setEnv(List.of(new EnvVar("FOO", "bar", null)));
        List<EnvVar> env = agent(pod(spec)).getEnv();
        EnvVar key = env.getFirst();
        assertEquals("SESSION_API_KEY", key.getName());
        assertNull(key.getValue(), "the key itself never appears in the pod spec");
        assertEquals("demo-token", key.getValueFrom().getSecretKeyRef().getName());
        assertEquals("token", key.getValueFrom().getSecretKeyRef().getKey());
        assertEquals(new EnvVar("FOO", "bar", null), env.get(1));
    }

    @Test
    void ownedByTheSessionAndLabelled() {
        Pod pod = pod(new SandboxSessionSpec());
        var owner = pod.getMetadata().getOwnerReferences().getFirst();
        assertEquals("SandboxSession", owner.getKind());
        assertEquals("sandpod.dev/v1alpha1", owner.getApiVersion());
        assertEquals("uid-demo", owner.getUid());
        assertTrue(owner.getController());
        assertEquals(Map.of("app.kubernetes.io/managed-by", "sandpod", "sandpod.dev/session", "demo"),
                pod.getMetadata().getLabels());
    }

    @Test
    void workspaceIsAnEmptyDirUnlessASizeIsSet() {
        Pod plain = pod(new SandboxSessionSpec());
        var workspace = plain.getSpec().getVolumes().stream().filter(v -> v.getName().equals("workspace")).findFirst().orElseThrow();
        assertTrue(workspace.getEmptyDir() != null && workspace.getPersistentVolumeClaim() == null);
        assertTrue(agent(plain).getVolumeMounts().stream()
                .anyMatch(m -> m.getName().equals("workspace") && m.getMountPath().equals("/workspace")));

        SandboxSessionSpec sized = new SandboxSessionSpec();
        SessionWorkspace size = new SessionWorkspace();
        size.setSize(new Quantity("5Gi"));
        sized.setWorkspace(size);
        var claim = pod(sized).getSpec().getVolumes().stream().filter(v -> v.getName().equals("workspace")).findFirst().orElseThrow();
        assertNull(claim.getEmptyDir());
        assertEquals("demo-workspace", claim.getPersistentVolumeClaim().getClaimName());
    }

    @Test
    void foreignImageGetsTheAgentInjected() {
        SandboxSessionSpec spec = new SandboxSessionSpec();
        spec.setImage("python:3.12-slim");
        Pod pod = pod(spec);
        Container init = pod.getSpec().getInitContainers().getFirst();
        assertEquals("sandpod/sandbox:dev", init.getImage());
        assertEquals(List.of("sh", "-c", "cp -R --preserve=mode,timestamps,links --remove-destination /opt/sandpod/* /sandpod-agent/"),
                init.getCommand());
        assertEquals("python:3.12-slim", agent(pod).getImage());
        assertEquals("/opt/sandpod/bin/sandpod-agent", agent(pod).getCommand().getFirst());
        assertTrue(agent(pod).getVolumeMounts().stream()
                .anyMatch(m -> m.getName().equals("sandpod-agent") && m.getMountPath().equals("/opt/sandpod")));
        assertTrue(init.getVolumeMounts().stream().anyMatch(m -> m.getName().equals("sandpod-agent")));
        assertTrue(pod.getSpec().getVolumes().stream().anyMatch(v -> v.getName().equals("sandpod-agent") && v.getEmptyDir() != null));

        spec.setInjectAgent(false);
        assertTrue(pod(spec).getSpec().getInitContainers().isEmpty(), "injectAgent: false wins");
    }

    @Test
    void schedulingAndResourcesComeFromTheSpec() {
        SandboxSessionSpec spec = new SandboxSessionSpec();
        spec.setRuntimeClassName("gvisor");
        spec.setNodeSelector(Map.of("pool", "sandboxes"));
        spec.setTolerations(List.of(new TolerationBuilder().withKey("sandbox").withOperator("Exists").build()));
        spec.setResources(new ResourceRequirementsBuilder().addToLimits("memory", new Quantity("1Gi")).build());
        spec.setPlugins(List.of("jupyter", "agent_skills"));
        Pod pod = pod(spec);
        assertEquals("gvisor", pod.getSpec().getRuntimeClassName());
        assertEquals(Map.of("pool", "sandboxes"), pod.getSpec().getNodeSelector());
        assertEquals("sandbox", pod.getSpec().getTolerations().getFirst().getKey());
        assertEquals(new Quantity("1Gi"), agent(pod).getResources().getLimits().get("memory"));
        List<String> args = agent(pod).getArgs();
        assertEquals(List.of("--plugins", "jupyter", "agent_skills"), args.subList(args.size() - 3, args.size()));
    }

    @Test
    void theEmptyDirWorkspaceGetsThePolicysSizeLimit() {
        SandboxSession session = TestSessions.session("demo", new SandboxSessionSpec());
        ResolvedSpec spec = TestSessions.resolve(session);
        ResolvedSpec limited = spec.withPlatformSettings(spec.resources(), null, Map.of(), List.of(), new Quantity("10Gi"));
        var workspace = AgentPodDependent.build(session, limited).getSpec().getVolumes().stream()
                .filter(v -> v.getName().equals("workspace")).findFirst().orElseThrow();
        assertEquals(new Quantity("10Gi"), workspace.getEmptyDir().getSizeLimit());
    }

    @Test
    void thePidsLimitIsLeftOutOfThePod() {
        SandboxSessionSpec spec = new SandboxSessionSpec();
        spec.setResources(new ResourceRequirementsBuilder().addToLimits("memory", new Quantity("1Gi"))
                .addToLimits("pids", new Quantity("512")).build());
        assertEquals(Map.of("memory", new Quantity("1Gi")), agent(pod(spec)).getResources().getLimits());
        SandboxSessionSpec onlyPids = new SandboxSessionSpec();
        onlyPids.setResources(new ResourceRequirementsBuilder().addToLimits("pids", new Quantity("512")).build());
        var resources = agent(pod(onlyPids)).getResources();
        assertTrue(resources.getLimits() == null || resources.getLimits().isEmpty(), resources::toString);
    }

    /** A session cannot reach the node: the spec has no field for it, and the pod sets none of these. */
    @Test
    void noHostPortNetworkNamespaceOrPathEvenForRoot() {
        SandboxSessionSpec spec = new SandboxSessionSpec();
        SessionUser root = new SessionUser();
        root.setRoot(true);
        spec.setUser(root);
        spec.setImage("python:3.12-slim");
        Pod pod = pod(spec);
        assertTrue(pod.getSpec().getHostNetwork() == null || !pod.getSpec().getHostNetwork());
        assertTrue(pod.getSpec().getHostPID() == null || !pod.getSpec().getHostPID());
        assertTrue(pod.getSpec().getHostIPC() == null || !pod.getSpec().getHostIPC());
        assertTrue(pod.getSpec().getVolumes().stream().allMatch(v -> v.getHostPath() == null), pod.getSpec().getVolumes()::toString);
        for (Container container : java.util.stream.Stream.concat(pod.getSpec().getContainers().stream(),
                pod.getSpec().getInitContainers().stream()).toList()) {
            assertTrue(container.getPorts().stream().allMatch(p -> p.getHostPort() == null), container.getPorts()::toString);
            var security = container.getSecurityContext();
            assertTrue(security == null || security.getPrivileged() == null || !security.getPrivileged());
            assertTrue(security == null || security.getCapabilities() == null || security.getCapabilities().getAdd().isEmpty());
        }
    }

    @Test
    void thePodRecordsTheGenerationItWasBuiltFrom() {
        SandboxSession session = TestSessions.session("demo", new SandboxSessionSpec());
        session.getMetadata().setGeneration(3L);
        Pod pod = AgentPodDependent.build(session, TestSessions.resolve(session));
        assertEquals("3", pod.getMetadata().getAnnotations().get(AgentPodDependent.GENERATION_ANNOTATION));
        assertEquals(3L, AgentPodDependent.generation(pod));
    }
}
