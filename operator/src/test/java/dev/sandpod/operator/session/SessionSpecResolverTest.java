package dev.sandpod.operator.session;

import dev.sandpod.api.session.SandboxSessionSpec;
import dev.sandpod.api.session.SessionRuntime;
import dev.sandpod.api.session.SessionUser;
import dev.sandpod.api.session.SessionWorkspace;
import dev.sandpod.operator.OperatorConfig;
import dev.sandpod.operator.Runtimes;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Quantity;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SessionSpecResolverTest {

    private static String invalid(SandboxSessionSpec spec) {
        return assertThrows(InvalidSpecException.class, () -> TestSessions.resolve(TestSessions.session("demo", spec)))
                .getMessage();
    }

    @Test
    void emptySpecGetsTheDefaults() {
        ResolvedSpec spec = TestSessions.resolve(TestSessions.session("demo", null));
        assertEquals(SessionRuntime.KUBERNETES, spec.runtime());
        assertEquals("sandpod/sandbox:dev", spec.image());
        assertFalse(spec.injectAgent());
        assertEquals("/workspace", spec.workingDir());
        assertEquals("sandbox", spec.userName());
        assertEquals(1000, spec.uid());
        assertEquals(10, spec.noChangeSeconds());
    }

    @Test
    void uidZeroWithoutRootNamesTheField() {
        SandboxSessionSpec spec = new SandboxSessionSpec();
        SessionUser user = new SessionUser();
        user.setUid(0);
        spec.setUser(user);
        String message = invalid(spec);
        assertTrue(message.startsWith("spec.user.uid:"), message);
        assertTrue(message.contains("spec.user.root: true"), message);
    }

    @Test
    void relativeWorkingDirAndBadSizeAndReservedEnvAreRejected() {
        SandboxSessionSpec dir = new SandboxSessionSpec();
        dir.setWorkingDir("workspace");
        assertTrue(invalid(dir).startsWith("spec.workingDir:"));

        SandboxSessionSpec size = new SandboxSessionSpec();
        SessionWorkspace workspace = new SessionWorkspace();
        workspace.setSize(new Quantity("lots"));
        size.setWorkspace(workspace);
        assertTrue(invalid(size).startsWith("spec.workspace.size:"), invalid(size));

        SandboxSessionSpec env = new SandboxSessionSpec();
        env.setEnv(List.of(new EnvVar("SESSION_API_KEY", "x", null)));
        assertTrue(invalid(env).startsWith("spec.env[0].name: SESSION_API_KEY"));
    }

    @Test
    void resourcesMustBeQuantitiesAndPidsAWholeLimit() {
        SandboxSessionSpec bad = new SandboxSessionSpec();
        bad.setResources(new io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder()
                .addToLimits("memory", new Quantity("plenty")).build());
        assertTrue(invalid(bad).startsWith("spec.resources.limits.memory: 'plenty' is not a quantity"), invalid(bad));

        SandboxSessionSpec zero = new SandboxSessionSpec();
        zero.setResources(new io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder()
                .addToRequests("cpu", new Quantity("0")).build());
        assertTrue(invalid(zero).startsWith("spec.resources.requests.cpu: '0' must be more than 0"), invalid(zero));

        SandboxSessionSpec pidsRequest = new SandboxSessionSpec();
        pidsRequest.setResources(new io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder()
                .addToRequests("pids", new Quantity("100")).build());
        assertTrue(invalid(pidsRequest).contains("pids is a limit only"), invalid(pidsRequest));

        SandboxSessionSpec pids = new SandboxSessionSpec();
        pids.setResources(new io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder()
                .addToLimits("pids", new Quantity("512")).build());
        assertEquals(new Quantity("512"), TestSessions.resolve(TestSessions.session("demo", pids)).resources().getLimits().get("pids"));
    }

    @Test
    void runtimeThatIsNotConfiguredIsRejected() {
        SandboxSessionSpec spec = new SandboxSessionSpec();
        spec.setRuntime(SessionRuntime.DOCKER);
        String message = invalid(spec);
        assertTrue(message.contains("spec.runtime: 'docker' is not available"), message);
        assertTrue(message.contains("[kubernetes]"), message);
    }

    @Test
    void sessionNameMustFitAServiceName() {
        assertThrows(InvalidSpecException.class, () -> TestSessions.resolve(TestSessions.session("1demo", null)));
        assertThrows(InvalidSpecException.class, () -> TestSessions.resolve(TestSessions.session("a".repeat(54), null)));
    }

    @Test
    void operatorDefaultsApply() {
        OperatorConfig config = new OperatorConfig(SessionRuntime.KUBERNETES, java.util.Set.of(SessionRuntime.KUBERNETES), java.util.Set.of(), "registry.local/sandbox:1",
                false, null, false, 0, null, null);
        SandboxSessionSpec spec = new SandboxSessionSpec();
        spec.setImage("registry.local/sandbox:1");
        ResolvedSpec resolved = new SessionSpecResolver(config, Runtimes.kubernetesOnly())
                .resolve(TestSessions.session("demo", spec));
        assertFalse(resolved.injectAgent(), "the configured sandbox image has the agent");
        assertEquals("registry.local/sandbox:1", resolved.sandboxImage());
    }
}
