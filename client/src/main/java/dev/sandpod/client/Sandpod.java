package dev.sandpod.client;

import dev.sandpod.operator.runtime.DockerRuntime;
import dev.sandpod.operator.runtime.ProcessRuntime;
import io.fabric8.kubernetes.client.KubernetesClient;

/**
 * Entry point of the SDK: pick where sessions live, then create, connect to and delete them.
 *
 * <pre>{@code
 * try (SessionClient sessions = Sandpod.kubernetes(new KubernetesClientBuilder().build(), "default");
 *      Session session = sessions.create(SessionOptions.named("demo"), Duration.ofMinutes(2), SessionProgress.NONE)) {
 *     CommandResult result = session.agent().run("echo hello");
 * }
 * }</pre>
 */
public final class Sandpod {

    private Sandpod() {
    }

    /** SandboxSessions in {@code namespace} (null: the client's), run by the Sandpod operator. */
    public static KubernetesSessions kubernetes(KubernetesClient client, String namespace) {
        return new KubernetesSessions(client, namespace);
    }

    /** Sessions as Docker containers of the local engine ({@code DOCKER_HOST}, else the local socket). */
    public static LocalSessions docker(SandpodHome home) {
        return new LocalSessions(new DockerRuntime(), home);
    }

    /**
     * Sessions as local processes (no isolation), with the agent distribution found as the process
     * runtime finds it ({@code SANDPOD_AGENT_HOME}, else {@code sandbox-agent/target/sandpod-agent}
     * above the working directory).
     */
    public static LocalSessions process(SandpodHome home) {
        return new LocalSessions(new ProcessRuntime(dev.sandpod.operator.runtime.AgentHome.locate(), home.processRoot()), home);
    }
}
