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

    @Test
    void defaultRuntimeFollowsWhereTheOperatorRuns() {
        assertEquals(SessionRuntime.KUBERNETES,
                OperatorConfig.from(Map.of("KUBERNETES_SERVICE_HOST", "10.0.0.1"), NO_ARGS, true).defaultRuntime());
        assertEquals(SessionRuntime.DOCKER, OperatorConfig.from(Map.of(), NO_ARGS, true).defaultRuntime());
        assertEquals(SessionRuntime.PROCESS, OperatorConfig.from(Map.of(), NO_ARGS, false).defaultRuntime());
    }

    @Test
    void explicitSettingWinsAndFlagsWinOverEnvironment() {
        assertEquals(SessionRuntime.PROCESS, OperatorConfig.from(
                Map.of("KUBERNETES_SERVICE_HOST", "10.0.0.1", "SANDPOD_DEFAULT_RUNTIME", "process"), NO_ARGS, true).defaultRuntime());
        OperatorConfig config = OperatorConfig.from(Map.of("SANDPOD_DEFAULT_RUNTIME", "process"),
                new String[] {"--default-runtime=docker", "--namespaces=a, b", "--agent-probe-port=4711"}, false);
        assertEquals(SessionRuntime.DOCKER, config.defaultRuntime());
        assertEquals(Set.of("a", "b"), config.namespaces());
        assertEquals(4711, config.agentProbePort());
    }

    @Test
    void processRuntimeIsOffInAClusterUnlessEnabled() {
        assertEquals(Set.of(SessionRuntime.KUBERNETES),
                OperatorConfig.from(Map.of("KUBERNETES_SERVICE_HOST", "10.0.0.1"), NO_ARGS, true).enabledRuntimes());
        assertEquals(Set.of(SessionRuntime.KUBERNETES, SessionRuntime.DOCKER, SessionRuntime.PROCESS),
                OperatorConfig.from(Map.of(), NO_ARGS, true).enabledRuntimes());
        assertEquals(Set.of(SessionRuntime.KUBERNETES, SessionRuntime.DOCKER), OperatorConfig.from(
                Map.of("KUBERNETES_SERVICE_HOST", "10.0.0.1"), new String[] {"--runtimes=kubernetes,docker"}, false).enabledRuntimes());
    }

    @Test
    void leaderElectionIsOnInAClusterAndExitsOnLossByDefault() {
        OperatorConfig inCluster = OperatorConfig.from(Map.of("KUBERNETES_SERVICE_HOST", "10.0.0.1"), NO_ARGS, false);
        assertTrue(inCluster.leaderElection());
        assertTrue(inCluster.exitOnStopLeading());
        assertEquals("sandpod/sandbox:dev", inCluster.sandboxImage());
        assertFalse(OperatorConfig.from(Map.of(), NO_ARGS, false).leaderElection());
    }

    @Test
    void badValuesSayWhatToUse() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> OperatorConfig.from(Map.of("SANDPOD_DEFAULT_RUNTIME", "podman"), NO_ARGS, false));
        assertTrue(e.getMessage().contains("use kubernetes, docker or process"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> OperatorConfig.from(Map.of(), new String[] {"docker"}, false));
        assertThrows(IllegalArgumentException.class,
                () -> OperatorConfig.from(Map.of("SANDPOD_LEADER_ELECTION", "yes"), NO_ARGS, false));
    }
}
