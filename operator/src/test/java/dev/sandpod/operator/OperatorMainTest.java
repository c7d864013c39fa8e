package dev.sandpod.operator;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

class OperatorMainTest {

    @Test
    void healthAndMetricsListenOnLoopbackOutsideACluster() {
        assertEquals("127.0.0.1", OperatorMain.httpHost(Map.of()));
    }

    @Test
    void healthAndMetricsListenOnEveryInterfaceInACluster() {
        assertEquals("0.0.0.0", OperatorMain.httpHost(Map.of("KUBERNETES_SERVICE_HOST", "10.0.0.1")));
    }

    @Test
    void anExplicitHostWins() {
        assertEquals("::1", OperatorMain.httpHost(Map.of("SANDPOD_HTTP_HOST", "::1", "KUBERNETES_SERVICE_HOST", "10.0.0.1")));
    }
}
