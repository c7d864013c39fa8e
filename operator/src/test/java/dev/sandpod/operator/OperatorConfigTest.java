package dev.sandpod.operator;

import dev.sandpod.api.session.SessionRuntime;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OperatorConfigTest {

    private static final String[] NO_ARGS = {};
    /** Outside a cluster the namespaces must be named; these tests are about other settings. */
    private static final Map<String, String> WORKSTATION = Map.of("SANDPOD_NAMESPACES", "*");

    @Test
    void defaultRuntimeFollowsWhereTheOperatorRuns() {
        assertEquals(SessionRuntime.KUBERNETES,
                OperatorConfig.from(Map.of("KUBERNETES_SERVICE_HOST", "10.0.0.1"), NO_ARGS, true).defaultRuntime());
        assertEquals(SessionRuntime.DOCKER, OperatorConfig.from(WORKSTATION, NO_ARGS, true).defaultRuntime());
        assertEquals(SessionRuntime.KUBERNETES, OperatorConfig.from(WORKSTATION, NO_ARGS, false).defaultRuntime(),
                "never the process runtime unless asked for: it isolates nothing");
    }

    @Test
    void explicitSettingWinsAndFlagsWinOverEnvironment() {
        assertEquals(SessionRuntime.PROCESS, OperatorConfig.from(
                Map.of("KUBERNETES_SERVICE_HOST", "10.0.0.1", "SANDPOD_DEFAULT_RUNTIME", "process"), NO_ARGS, true).defaultRuntime());
        OperatorConfig config = OperatorConfig.from(Map.of("SANDPOD_DEFAULT_RUNTIME", "process", "SANDPOD_NAMESPACES", "c"),
                new String[] {"--default-runtime=docker", "--namespaces=a, b", "--agent-probe-port=4711"}, false);
        assertEquals(SessionRuntime.DOCKER, config.defaultRuntime());
        assertEquals(Set.of("a", "b"), config.namespaces());
        assertEquals(4711, config.agentProbePort());
    }

    @Test
    void processRuntimeIsOffUnlessListedOrTheDefault() {
        assertEquals(Set.of(SessionRuntime.KUBERNETES),
                OperatorConfig.from(Map.of("KUBERNETES_SERVICE_HOST", "10.0.0.1"), NO_ARGS, true).enabledRuntimes());
        assertEquals(Set.of(SessionRuntime.KUBERNETES, SessionRuntime.DOCKER),
                OperatorConfig.from(WORKSTATION, NO_ARGS, true).enabledRuntimes());
        assertEquals(Set.of(SessionRuntime.KUBERNETES), OperatorConfig.from(WORKSTATION, NO_ARGS, false).enabledRuntimes());
        assertEquals(Set.of(SessionRuntime.KUBERNETES, SessionRuntime.PROCESS),
                OperatorConfig.from(WORKSTATION, new String[] {"--runtimes=kubernetes,process"}, false).enabledRuntimes());
        assertEquals(Set.of(SessionRuntime.KUBERNETES, SessionRuntime.PROCESS),
                OperatorConfig.from(WORKSTATION, new String[] {"--default-runtime=process"}, false).enabledRuntimes());
        assertEquals(Set.of(SessionRuntime.KUBERNETES, SessionRuntime.DOCKER), OperatorConfig.from(
                Map.of("KUBERNETES_SERVICE_HOST", "10.0.0.1"), new String[] {"--runtimes=kubernetes,docker"}, false).enabledRuntimes());
    }

    @Test
    void leaderElectionIsOnInAClusterAndExitsOnLossByDefault() {
        OperatorConfig inCluster = OperatorConfig.from(Map.of("KUBERNETES_SERVICE_HOST", "10.0.0.1"), NO_ARGS, false);
        assertTrue(inCluster.leaderElection());
        assertTrue(inCluster.exitOnStopLeading());
        assertEquals("sandpod/sandbox:dev", inCluster.sandboxImage());
        assertFalse(OperatorConfig.from(WORKSTATION, NO_ARGS, false).leaderElection());
    }

    @Test
    void outsideAClusterTheNamespacesMustBeNamed() {
        var e = assertThrows(IllegalArgumentException.class, () -> OperatorConfig.from(Map.of(), NO_ARGS, true));
        assertTrue(e.getMessage().startsWith("outside a cluster, name the namespaces whose sessions this operator runs:"
                + " --namespaces=NS[,NS...]"), e.getMessage());
        assertTrue(e.getMessage().contains("--namespaces='*' for every namespace"), e.getMessage());
        assertTrue(e.getMessage().contains("(docker on this machine)"), e.getMessage());
        assertEquals(Set.of("team-a"), OperatorConfig.from(Map.of(), new String[] {"--namespaces=team-a"}, true).namespaces());
        assertEquals(Set.of(), OperatorConfig.from(WORKSTATION, NO_ARGS, true).namespaces(), "'*': every namespace, asked for");
        assertEquals(Set.of(), OperatorConfig.from(Map.of("KUBERNETES_SERVICE_HOST", "10.0.0.1"), NO_ARGS, true).namespaces(),
                "in a cluster the chart's RBAC decides (a ClusterRole, or Roles in the watched namespaces)");
    }

    @Test
    void aPolicyFileIsReadAndABadOneNamesTheKey(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        var file = java.nio.file.Files.writeString(dir.resolve("policy.yaml"), "policy: {allowRoot: true}\n");
        assertTrue(OperatorConfig.from(Map.of("SANDPOD_NAMESPACES", "*", "SANDPOD_POLICY_FILE", file.toString()), NO_ARGS, false)
                .policy().policy().allowRoot());
        assertFalse(OperatorConfig.from(WORKSTATION, NO_ARGS, false).policy().policy().allowRoot(), "no file: the secure defaults");
        var bad = java.nio.file.Files.writeString(dir.resolve("bad.yaml"), "policy: {allowRooot: true}\n");
        var e = assertThrows(IllegalArgumentException.class, () -> OperatorConfig.from(WORKSTATION,
                new String[] {"--policy-file=" + bad}, false));
        assertTrue(e.getMessage().contains("policy.allowRooot"), e.getMessage());
    }

    @Test
    void badValuesSayWhatToUse() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> OperatorConfig.from(Map.of("SANDPOD_DEFAULT_RUNTIME", "podman"), NO_ARGS, false));
        assertTrue(e.getMessage().contains("use kubernetes, docker or process"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> OperatorConfig.from(WORKSTATION, new String[] {"docker"}, false));
        assertThrows(IllegalArgumentException.class,
                () -> OperatorConfig.from(Map.of("SANDPOD_LEADER_ELECTION", "yes"), NO_ARGS, false));
    }
}
