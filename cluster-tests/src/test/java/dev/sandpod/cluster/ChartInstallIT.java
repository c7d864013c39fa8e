package dev.sandpod.cluster;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code helm install} of charts/sandpod with its default values (only the images under test set,
 * when they are not the defaults) into a cluster without Sandpod: the CRD is installed, the
 * operator becomes ready in the cluster, as the chart's service account, unprivileged.
 */
@RealClusterTest
@Order(1)
class ChartInstallIT {

    @Test
    void helmInstallWithDefaultValuesMakesTheOperatorReady() {
        RealCluster cluster = RealCluster.get();
        cluster.uninstall();
        var install = new java.util.ArrayList<>(java.util.List.of("install", RealCluster.RELEASE, cluster.chart(),
                "--namespace", RealCluster.NAMESPACE, "--create-namespace"));
        install.addAll(cluster.settings.imageValues());
        cluster.cli.helm(install.toArray(String[]::new)).ok();
        cluster.awaitRollout();

        assertNotNull(cluster.client.apiextensions().v1().customResourceDefinitions().withName("sandboxsessions.sandpod.dev").get(),
                "helm installed the CRD from charts/sandpod/crds");
        Pod pod = cluster.operatorPod();
        Container operator = pod.getSpec().getContainers().getFirst();
        assertEquals(cluster.settings.operatorImage(), operator.getImage());
        assertEquals("sandpod", pod.getSpec().getServiceAccountName());
        assertTrue(pod.getStatus().getContainerStatuses().getFirst().getReady(), "the operator's readiness probe (/readyz) passes");
        assertEquals(65532L, pod.getSpec().getSecurityContext().getRunAsUser());
        assertTrue(operator.getSecurityContext().getReadOnlyRootFilesystem());
        String log = cluster.client.pods().inNamespace(RealCluster.NAMESPACE).withName(pod.getMetadata().getName()).getLog();
        assertTrue(log.contains("event=starting"), log);
        assertTrue(log.contains("defaultRuntime=kubernetes"), log);
    }
}
