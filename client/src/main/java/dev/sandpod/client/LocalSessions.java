package dev.sandpod.client;

import dev.sandpod.operator.OperatorConfig;
import dev.sandpod.operator.policy.SessionPolicy;
import dev.sandpod.operator.session.SessionResources;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import dev.sandpod.operator.runtime.ProcessRuntime;
import dev.sandpod.operator.runtime.SandboxRequest;
import dev.sandpod.operator.runtime.SandboxRuntime;
import dev.sandpod.operator.runtime.SandboxState;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Sessions on this machine without a cluster: Docker containers or local processes, run through
 * the operator's own runtimes in namespace {@code local}. Each session's runtime, endpoint and uid
 * are recorded in {@link SandpodHome}, its key beside them (mode 0600), so another process (the
 * next {@code sandpod exec}) finds it. Sessions outlive this client: {@link #close()} leaves
 * them running, {@link #delete(String)} removes them.
 */
public final class LocalSessions implements SessionClient {

    /** The namespace local sessions carry in labels and records. */
    public static final String NAMESPACE = "local";
    private static final Duration POLL = Duration.ofMillis(200);

    private final SandboxRuntime runtime;
    private final SandpodHome home;

    /** Sessions run by {@code runtime} ({@code DockerRuntime} or {@code ProcessRuntime}), recorded in {@code home}. */
    public LocalSessions(SandboxRuntime runtime, SandpodHome home) {
        this.runtime = runtime;
        this.home = home;
    }

    /** The runtime's name: docker or process. */
    public String runtimeName() {
        return runtime.name();
    }

    @Override
    public Session create(SessionOptions options, Duration timeout, SessionProgress progress) {
        String name = SessionNames.validate(options.name());
        Optional<LocalSessionRecord> existing = home.find(name);
        if (existing.isPresent() && !existing.get().runtime().equals(runtime.name())) {
            throw new SandpodException("Session '" + name + "' already exists with runtime " + existing.get().runtime()
                    + ": use it, or remove it first with 'sandpod down " + name + "'");
        }
        String image = options.image() != null ? options.image()
                : existing.map(LocalSessionRecord::image).orElse(OperatorConfig.DEFAULT_SANDBOX_IMAGE);
        String key = existing.flatMap(r -> home.key(name)).orElse(null);
        LocalSessionRecord record;
        if (existing.isPresent() && key != null) {
            record = existing.get();
        } else {
            // no record (or a lost key): whatever runs under this name is a leftover; a new uid replaces it
            if (runtime.inspect(NAMESPACE, name).phase() != SandboxState.Phase.ABSENT) {
                progress.changed("Pending", "removing a leftover " + runtime.name() + " sandbox named " + name);
                runtime.delete(NAMESPACE, name);
            }
            key = ApiKeys.generate();
            record = new LocalSessionRecord(name, runtime.name(), NAMESPACE, null, UUID.randomUUID().toString(), image,
                    Instant.now().toString());
            home.saveKey(name, key);
            home.save(record);
        }
        try {
            progress.changed("Pending", "docker".equals(runtime.name()) ? "starting a container from " + image
                    : "starting the agent as a local process");
            SandboxState state = runtime.ensure(request(record, image, key, options.resources()));
            failIfFailed(name, state);
            record = record.withEndpoint(state.endpoint());
            home.save(record);
            AgentClient agent = new AgentClient(URI.create(state.endpoint()), key);
            awaitAgent(name, agent, timeout, progress);
            agent.verifyKey();
            progress.changed("Ready", state.endpoint());
            return new Session(name, NAMESPACE, runtime.name(), URI.create(state.endpoint()), agent, null);
        } catch (RuntimeException e) {
            remove(name);
            if (e instanceof SessionFailedException) {
                throw e;
            }
            throw new SessionFailedException(name, "Session '" + name + "' did not start: " + e.getMessage());
        } finally {
            releaseAgents();
        }
    }

    /** Without resources, a local sandbox gets the defaults an operator's policy gives (a 2Gi memory limit, ...). */
    private SandboxRequest request(LocalSessionRecord record, String image, String key, ResourceRequirements resources) {
        return new SandboxRequest(NAMESPACE, record.name(), record.uid(), image, null, "/workspace", "sandbox", 1000,
                false, Map.of(), List.of(), 10, key,
                SessionResources.forLocalSandbox(resources != null ? resources : SessionPolicy.defaults().defaultResources()));
    }

    private void awaitAgent(String name, AgentClient agent, Duration timeout, SessionProgress progress) {
        Instant deadline = Instant.now().plus(timeout);
        progress.changed("Starting", "waiting for the agent at " + agent.endpoint() + " to answer /alive");
        Instant nextInspect = Instant.now();
        while (!agent.alive()) {
            if (Instant.now().isAfter(deadline)) {
                throw new SessionFailedException(name, "Session '" + name + "' was not Ready after " + timeout.toSeconds()
                        + " s: the agent at " + agent.endpoint() + " did not answer. Last agent log lines:\n"
                        + runtime.logs(NAMESPACE, name, 20) + "\nTry a longer --timeout");
            }
            if (Instant.now().isAfter(nextInspect)) {
                failIfFailed(name, runtime.inspect(NAMESPACE, name));
                nextInspect = Instant.now().plusSeconds(1);
            }
            sleep();
        }
    }

    private static void failIfFailed(String name, SandboxState state) {
        if (state.phase() == SandboxState.Phase.FAILED) {
            throw new SessionFailedException(name, "Session '" + name + "' failed (" + state.reason() + "): " + state.message());
        }
        if (state.phase() == SandboxState.Phase.ABSENT) {
            throw new SessionFailedException(name, "Session '" + name + "' has no sandbox: it was removed while starting");
        }
    }

    @Override
    public Session connect(String name) {
        LocalSessionRecord record = record(name);
        String key = home.key(name).orElseThrow(() -> new SandpodException("The key of session '" + name
                + "' is missing from " + home.dir(name) + ": re-create the session with 'sandpod down " + name
                + "' and 'sandpod up " + name + "'"));
        if (record.endpoint() == null) {
            throw new SandpodException("Session '" + name + "' never became Ready: remove it with 'sandpod down " + name + "'");
        }
        URI endpoint = URI.create(record.endpoint());
        return new Session(name, NAMESPACE, record.runtime(), endpoint, new AgentClient(endpoint, key), null);
    }

    @Override
    public void delete(String name) {
        record(name);
        remove(name);
    }

    private void remove(String name) {
        try {
            runtime.delete(NAMESPACE, name);
        } finally {
            home.remove(name);
        }
    }

    @Override
    public List<SessionInfo> list() {
        List<SessionInfo> sessions = new ArrayList<>();
        for (LocalSessionRecord record : home.all()) {
            if (!record.runtime().equals(runtime.name())) {
                continue;
            }
            sessions.add(info(record));
        }
        return sessions;
    }

    private SessionInfo info(LocalSessionRecord record) {
        SandboxState state;
        try {
            state = runtime.inspect(NAMESPACE, record.name());
        } finally {
            releaseAgents();
        }
        String phase = switch (state.phase()) {
            case RUNNING -> "Ready";
            case STARTING -> "Starting";
            case FAILED -> "Failed";
            case ABSENT -> "Gone";
        };
        String message = state.phase() == SandboxState.Phase.ABSENT
                ? "its sandbox no longer runs: 'sandpod up " + record.name() + "' starts it again" : state.reason();
        return new SessionInfo(record.name(), NAMESPACE, record.runtime(), phase, record.endpoint(), message);
    }

    @Override
    public String logs(String name, int lines) {
        record(name);
        return runtime.logs(NAMESPACE, name, lines);
    }

    private LocalSessionRecord record(String name) {
        SessionNames.validate(name);
        return home.find(name).filter(r -> r.runtime().equals(runtime.name()))
                .orElseThrow(() -> new SessionNotFoundException(name, "this machine's " + runtime.name() + " sessions"));
    }

    // agents of the process runtime outlive this client, so the next CLI invocation finds them
    private void releaseAgents() {
        if (runtime instanceof ProcessRuntime process) {
            process.release();
        }
    }

    @Override
    public void close() {
        releaseAgents();
        runtime.close();
    }

    private static void sleep() {
        try {
            Thread.sleep(POLL);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SandpodException("Interrupted while waiting for the agent");
        }
    }
}
