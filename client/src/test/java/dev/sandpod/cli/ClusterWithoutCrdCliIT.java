package dev.sandpod.cli;

import dev.sandpod.api.session.SandboxSession;
import dev.sandpod.client.SandpodHome;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.CustomResourceDefinitionContext;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A reachable cluster without the SandboxSession CRD (its own mock server: CRDs registered by other tests stay). */
@EnableKubernetesMockClient(crud = true)
class ClusterWithoutCrdCliIT {

    static KubernetesMockServer server;
    static KubernetesClient client;

    @TempDir
    Path dir;

    private Map<String, String> kubeconfig() throws IOException {
        return MockKubeconfig.write(dir, client);
    }

    @Test
    void missingCrdSaysToApplyIt() throws IOException {
        CliRun run = CliRun.runWithEnv(new SandpodHome(dir.resolve("home")), kubeconfig(), "",
                "up", "demo", "--runtime", "kubernetes", "--timeout", "5");
        assertEquals(SandpodCli.EXIT_ERROR, run.exitCode(), run.toString());
        assertTrue(run.err().contains("the SandboxSession CRD is not installed") && run.err().contains("kubectl apply -f crds/"),
                run.toString());
    }

}
