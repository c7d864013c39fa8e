package dev.sandpod.cli;

import dev.sandpod.api.session.SandboxSession;
import dev.sandpod.client.LocalSessionRecord;
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

/** The command line's view of a cluster, on fabric8's mock API server reached through a kubeconfig. */
@EnableKubernetesMockClient(crud = true)
class ClusterCliIT {

    static KubernetesMockServer server;
    static KubernetesClient client;

    @TempDir
    Path dir;

    private Map<String, String> kubeconfig() throws IOException {
        return MockKubeconfig.write(dir, client);
    }

    @Test
    void lsListsTheClustersSessionsWithPhaseAndEndpoint() throws IOException {
        server.expectCustomResource(CustomResourceDefinitionContext.fromCustomResourceType(SandboxSession.class));
        SandboxSession session = new SandboxSession();
        session.setMetadata(new ObjectMetaBuilder().withName("remote-one").withNamespace("test").build());
        client.resource(session).create();
        CliRun run = CliRun.runWithEnv(new SandpodHome(dir.resolve("home")), kubeconfig(), "", "ls");
        assertEquals(0, run.exitCode(), run.toString());
        assertTrue(run.out().lines().anyMatch(l -> l.startsWith("remote-one ") && l.contains("test") && l.contains("Pending")),
                run.toString());
    }

    @Test
    void downOfASessionDeletedBehindTheClisBackRemovesItsRecord() throws IOException {
        server.expectCustomResource(CustomResourceDefinitionContext.fromCustomResourceType(SandboxSession.class));
        SandpodHome home = new SandpodHome(dir.resolve("home"));
        home.save(new LocalSessionRecord("vanished", "kubernetes", "test", "http://vanished.test.svc:47000", null, null,
                "2026-01-01T00:00:00Z"));
        CliRun exec = CliRun.runWithEnv(home, kubeconfig(), "", "exec", "vanished", "--", "true");
        assertEquals(SandpodCli.EXIT_ERROR, exec.exitCode(), exec.toString());
        assertTrue(exec.err().contains("No session 'vanished' in namespace test"), exec.toString());
        CliRun down = CliRun.runWithEnv(home, kubeconfig(), "", "down", "vanished");
        assertEquals(0, down.exitCode(), down.toString());
        assertTrue(down.err().contains("no longer exists; removing its record"), down.toString());
        assertTrue(home.find("vanished").isEmpty());
    }
}
