package dev.sandpod.cluster;

import dev.sandpod.api.session.SessionPhase;
import dev.sandpod.client.CommandResult;
import dev.sandpod.client.Sandpod;
import dev.sandpod.client.Session;
import io.fabric8.kubernetes.api.model.Pod;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A session of an image without the agent (debian:bookworm-slim by default): the init container
 * from the sandbox image copies the agent in, and commands run in the user's image.
 */
@RealClusterTest
@Order(5)
class AgentInjectionIT {

    @RegisterExtension
    static final TestNamespace ns = TestNamespace.named("inject");


    @Test
    void anImageWithoutTheAgentRunsCommands() {
        ns.create("""
                apiVersion: sandpod.dev/v1alpha1
                kind: SandboxSession
                metadata: {name: plain}
                spec:
                  image: %s
                """.formatted(ns.cluster().settings.plainImage()));
        ns.awaitPhase("plain", SessionPhase.Ready);
        Pod pod = ns.pod("plain");
        assertEquals("install-agent", pod.getSpec().getInitContainers().getFirst().getName());
        assertEquals(ns.cluster().settings.sandboxImage(), pod.getSpec().getInitContainers().getFirst().getImage());
        assertEquals(ns.cluster().settings.plainImage(), pod.getSpec().getContainers().getFirst().getImage());

        try (Session session = Sandpod.kubernetes(ns.cluster().client, ns.name).connect("plain")) {
            CommandResult result = session.agent().run("cat /etc/debian_version && id -u && ls /opt/sandpod/bin");
            assertEquals(0, result.exitCode(), result.output());
            assertTrue(result.output().contains("1000"), "runs as the sandbox user: " + result.output());
            assertTrue(result.output().contains("sandpod-agent"), result.output());
        }
    }
}
