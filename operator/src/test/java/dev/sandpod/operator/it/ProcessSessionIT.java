package dev.sandpod.operator.it;

import dev.sandpod.api.session.SandboxSession;
import dev.sandpod.api.session.SandboxSessionSpec;
import dev.sandpod.api.session.SessionPhase;
import dev.sandpod.api.session.SessionRuntime;
import dev.sandpod.operator.Runtimes;
import dev.sandpod.operator.runtime.ProcessRuntime;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.CustomResourceDefinitionContext;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The reconcile loop on the mock API server with the real {@link ProcessRuntime} and the real
 * agent distribution ({@code sandbox-agent/target/sandpod-agent}): the agent runs as a child
 * process, runs commands with the session's key, and is gone once the session is deleted.
 */
@EnableKubernetesMockClient(crud = true)
@ExtendWith(ProcessSessionIT.RequiresAgentDistribution.class)
class ProcessSessionIT {

    /** The agent built by {@code mvn -pl sandbox-agent -am package}, seen from the operator module. */
    static final Path AGENT_HOME = Path.of("..", "sandbox-agent", "target", "sandpod-agent").toAbsolutePath().normalize();
    static final boolean REQUIRED = "1".equals(System.getenv("SANDPOD_REQUIRE_DOCKER"));

    static KubernetesMockServer server;
    static KubernetesClient client;

    @TempDir
    Path sessions;
    private Runtimes runtimes;
    private MockApiOperator operator;

    @BeforeEach
    void start() {
        if (!Files.isExecutable(AGENT_HOME.resolve("bin/sandpod-agent"))) {
            fail("SANDPOD_REQUIRE_DOCKER=1 but the agent distribution is missing: " + AGENT_HOME);
        }
        server.expectCustomResource(CustomResourceDefinitionContext.fromCustomResourceType(SandboxSession.class));
        runtimes = new Runtimes(Map.of("process", new ProcessRuntime(AGENT_HOME, sessions)));
        operator = MockApiOperator.start(client, "local", SessionRuntime.PROCESS, runtimes);
    }

    @AfterEach
    void stop() {
        if (operator == null) {
            return; // the setup failed (no agent distribution) and said why
        }
        try {
            client.resources(SandboxSession.class).inAnyNamespace().delete();
            Eventually.await("sessions removed", () -> client.resources(SandboxSession.class).inAnyNamespace().list().getItems(),
                    List::isEmpty);
        } finally {
            operator.stop();
            runtimes.close();
        }
    }

    @Test
    void agentProcessRunsCommandsWithTheKeyAndIsGoneAfterDelete() throws Exception {
        operator.create("laptop", new SandboxSessionSpec());
        SandboxSession ready = operator.awaitStatus("laptop", "Ready", s -> {
            assertTrue(s.getStatus().getPhase() != SessionPhase.Failed, () -> "session failed: " + s.getStatus().getMessage());
            return s.getStatus().getPhase() == SessionPhase.Ready;
        });
        String endpoint = ready.getStatus().getEndpoint();
        assertTrue(endpoint.matches("http://127\\.0\\.0\\.1:\\d+"), endpoint);
        assertEquals("True", ready.getStatus().condition("Ready").getStatus());
        long pid = Long.parseLong(ready.getStatus().getContainerId());
        assertTrue(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false), "agent process " + pid + " runs");

        Secret secret = client.secrets().inNamespace("local").withName(ready.getStatus().getTokenSecret()).get();
        String key = new String(Base64.getDecoder().decode(secret.getData().get("token")), StandardCharsets.UTF_8);
        AgentCalls.Answer ran = AgentCalls.run(endpoint, "echo hi && pwd", key);
        assertEquals(200, ran.status(), ran.text());
        assertEquals(0, ran.body().path("extras").path("metadata").path("exit_code").asInt(-1), ran.text());
        String[] lines = ran.body().path("content").asText().strip().split("\\R");
        assertEquals("hi", lines[0], ran.text());
        Path workspace = sessions.resolve("local/laptop/workspace");
        assertEquals(workspace.toRealPath().toString(), lines[lines.length - 1], "the shell runs in the session's workspace");
        assertEquals(401, AgentCalls.run(endpoint, "echo hi", null).status());

        operator.delete("laptop");
        operator.awaitGone("laptop");
        assertFalse(AgentCalls.listening(endpoint), "the agent's port is closed");
        Eventually.await("agent process " + pid + " gone", () -> ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false),
                alive -> !alive);
        assertFalse(Files.exists(workspace), "the session's own workspace is removed");
    }

    /**
     * The recheck of a Ready session notices an agent that no longer answers (its process stopped
     * with SIGSTOP: connections are accepted, never answered), marks the session, and marks it Ready
     * again once the agent answers.
     */
    @Test
    void aReadySessionWhoseAgentStopsAnsweringIsMarkedAndRecovers() throws Exception {
        operator.create("frozen", new SandboxSessionSpec());
        SandboxSession ready = operator.awaitStatus("frozen", "Ready", s -> s.getStatus().getPhase() == SessionPhase.Ready);
        long pid = Long.parseLong(ready.getStatus().getContainerId());
        signal("STOP", pid);
        try {
            SandboxSession marked = operator.awaitStatus("frozen", "AgentNotAnswering after the recheck",
                    s -> "AgentNotAnswering".equals(s.getStatus().condition("AgentReady").getReason()));
            assertEquals("False", marked.getStatus().condition("Ready").getStatus());
            assertTrue(marked.getStatus().getPhase() != SessionPhase.Ready, marked.getStatus().toString());
        } finally {
            signal("CONT", pid);
        }
        operator.awaitStatus("frozen", "Ready again", s -> s.getStatus().getPhase() == SessionPhase.Ready);
    }

    private static void signal(String signal, long pid) throws Exception {
        Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(pid)).inheritIO().start();
        assertEquals(0, kill.waitFor(), "kill -" + signal + " " + pid);
    }

    /** Skips without the agent distribution, unless SANDPOD_REQUIRE_DOCKER=1 (CI runs the real-part tests). */
    static final class RequiresAgentDistribution implements ExecutionCondition {
        @Override
        public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
            if (REQUIRED || Files.isExecutable(AGENT_HOME.resolve("bin/sandpod-agent"))) {
                return ConditionEvaluationResult.enabled("agent distribution " + AGENT_HOME);
            }
            return ConditionEvaluationResult.disabled("No agent distribution at " + AGENT_HOME
                    + ": skipping (build it with mvn -pl sandbox-agent -am package); SANDPOD_REQUIRE_DOCKER=1 makes this a failure");
        }
    }
}
