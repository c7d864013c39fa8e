package dev.sandpod.operator.runtime;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs each session's agent as a child process of the operator, for local use without Docker:
 * no isolation, the agent runs as the operator's user on a free loopback port. Each session has a
 * directory {@code <root>/<namespace>/<name>/} with the agent's log ({@code agent.log}), its pid
 * file and, unless the request names its own working directory, {@code workspace/}.
 *
 * <p>Agents die with the operator: {@link #close()} and a JVM shutdown hook kill every agent's
 * process tree. An operator that is killed outright cannot do that; its agents keep running and
 * the pid file lets the next operator adopt them rather than start a second agent.
 */
public final class ProcessRuntime implements SandboxRuntime {

    private static final Logger LOG = LoggerFactory.getLogger(ProcessRuntime.class);
    static final String LOG_FILE = "agent.log";
    static final String LOOPBACK = "127.0.0.1";

    private final Path agentHome;
    private final Path sessionsRoot;
    private final Map<String, AgentProcess> agents = new ConcurrentHashMap<>();
    private final Map<String, ReentrantLock> locks = new ConcurrentHashMap<>();
    private final Thread shutdownHook = new Thread(this::stopAll, "sandpod-process-runtime-shutdown");

    /** Agent from {@link AgentHome#locate()}, sessions under {@code ~/.sandpod/sessions}. */
    public ProcessRuntime() {
        this(AgentHome.locate(), Path.of(System.getProperty("user.home"), ".sandpod", "sessions"));
    }

    public ProcessRuntime(Path agentHome, Path sessionsRoot) {
        this.agentHome = agentHome.toAbsolutePath();
        this.sessionsRoot = sessionsRoot.toAbsolutePath();
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    @Override
    public String name() {
        return "process";
    }

    @Override
    public SandboxState ensure(SandboxRequest request) {
        SandboxNames.validate(request.namespace(), request.name());
        return locked(request.namespace(), request.name(), sessionDir -> {
            Optional<AgentProcess> existing = current(request.namespace(), request.name(), sessionDir);
            if (existing.isPresent()) {
                return state(existing.get(), sessionDir);
            }
            return start(request, sessionDir);
        });
    }

    private SandboxState start(SandboxRequest request, Path sessionDir) {
        Path launcher = AgentHome.launcher(agentHome);
        if (!Files.isExecutable(launcher)) {
            return SandboxState.failed("AgentNotFound", "No agent launcher at " + launcher + ": build the agent with "
                    + "'mvn -pl sandbox-agent -am package' in the Sandpod repository, or set " + AgentHome.ENV
                    + " to its distribution (the directory holding bin/sandpod-agent)");
        }
        Map<String, String> env;
        try {
            env = SandboxEnvironment.of(request);
        } catch (IllegalArgumentException e) {
            return SandboxState.failed("InvalidEnv", e.getMessage());
        }
        Path workingDir;
        try {
            Files.createDirectories(sessionDir);
            workingDir = LocalWorkingDir.resolve(request, sessionDir);
        } catch (IOException | IllegalArgumentException e) {
            return SandboxState.failed("WorkingDirNotWritable", e.getMessage());
        }
        try {
            int port = freeLoopbackPort();
            List<String> command = new ArrayList<>(List.of(launcher.toString(), "--host", LOOPBACK));
            command.addAll(AgentArguments.of(request, port, workingDir.toString(), System.getProperty("user.name"),
                    LocalWorkingDir.currentUid(sessionDir)));
            ProcessBuilder builder = new ProcessBuilder(command).directory(workingDir.toFile())
                    .redirectErrorStream(true).redirectOutput(sessionDir.resolve(LOG_FILE).toFile());
            // the key lives in the child's environment only, never in its command line (ps shows that)
            builder.environment().remove(SandboxEnvironment.API_KEY_VARIABLE);
            builder.environment().putAll(env);
            Process process = builder.start();
            AgentProcess agent = AgentProcess.started(process, port);
            new AgentPidFile(process.pid(), AgentProcess.startMillis(process.toHandle()).orElse(0L), port, workingDir)
                    .write(sessionDir);
            agents.put(key(request.namespace(), request.name()), agent);
            LOG.info("Started agent pid {} for session {}/{} on port {}", process.pid(), request.namespace(),
                    request.name(), port);
            return state(agent, sessionDir);
        } catch (IOException e) {
            return SandboxState.failed("AgentStartFailed", "Starting " + launcher + " failed: " + e.getMessage());
        }
    }

    @Override
    public SandboxState inspect(String namespace, String name) {
        SandboxNames.validate(namespace, name);
        return locked(namespace, name, sessionDir -> current(namespace, name, sessionDir)
                .map(agent -> state(agent, sessionDir))
                .orElse(SandboxState.absent()));
    }

    @Override
    public void delete(String namespace, String name) {
        SandboxNames.validate(namespace, name);
        locked(namespace, name, sessionDir -> {
            current(namespace, name, sessionDir).ifPresent(AgentProcess::killTree);
            agents.remove(key(namespace, name));
            // a working directory the request named lies outside the session directory and is kept
            deleteTree(sessionDir);
            return null;
        });
    }

    @Override
    public String logs(String namespace, String name, int lines) {
        SandboxNames.validate(namespace, name);
        return LogTail.lastLines(sessionDir(namespace, name).resolve(LOG_FILE), lines);
    }

    /** The session's agent: the one this operator started, else a still running one from the pid file. */
    private Optional<AgentProcess> current(String namespace, String name, Path sessionDir) {
        AgentProcess known = agents.get(key(namespace, name));
        if (known != null) {
            return Optional.of(known);
        }
        Optional<AgentProcess> adopted = AgentPidFile.read(sessionDir).flatMap(AgentProcess::adopt);
        adopted.ifPresent(agent -> {
            LOG.info("Adopted running agent pid {} of session {}/{}", agent.pid(), namespace, name);
            agents.put(key(namespace, name), agent);
        });
        return adopted;
    }

    private SandboxState state(AgentProcess agent, Path sessionDir) {
        String endpoint = "http://" + LOOPBACK + ":" + agent.port();
        String id = Long.toString(agent.pid());
        if (agent.isAlive()) {
            return new SandboxState(SandboxState.Phase.RUNNING, endpoint, id, null, null);
        }
        return AgentExit.failed("Agent process " + id, agent.exitCode(), false,
                LogTail.lastLines(sessionDir.resolve(LOG_FILE), AgentExit.LOG_LINES), null, id);
    }

    private <T> T locked(String namespace, String name, java.util.function.Function<Path, T> action) {
        ReentrantLock lock = locks.computeIfAbsent(key(namespace, name), k -> new ReentrantLock());
        lock.lock();
        try {
            return action.apply(sessionDir(namespace, name));
        } finally {
            lock.unlock();
        }
    }

    private Path sessionDir(String namespace, String name) {
        return sessionsRoot.resolve(namespace).resolve(name);
    }

    private static String key(String namespace, String name) {
        return namespace + "/" + name;
    }

    // Another process may take the port before the agent binds it; the agent then exits and the
    // session shows FAILED with "address in use" in its last lines.
    private static int freeLoopbackPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(LOOPBACK))) {
            return socket.getLocalPort();
        }
    }

    private static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Could not remove session directory " + dir, e);
        }
    }

    private void stopAll() {
        agents.entrySet().parallelStream().forEach(entry -> {
            entry.getValue().killTree();
            String[] parts = entry.getKey().split("/", 2);
            try {
                AgentPidFile.remove(sessionDir(parts[0], parts[1]));
            } catch (IOException e) {
                // the next operator finds a dead pid and starts afresh
            }
        });
        agents.clear();
    }

    /**
     * Lets the agents this runtime started or adopted outlive it: for the command line, whose
     * {@code sandpod up} returns while the session keeps running. Their pid files stay, so a later
     * runtime adopts them (and its {@code delete} kills them). After this, {@link #close()} and the
     * shutdown hook kill nothing.
     */
    public void release() {
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException e) {
            // the JVM is shutting down; the hook is already running
        }
        agents.clear();
    }

    /** Kills every agent this runtime runs or adopted; they die with the operator. */
    @Override
    public void close() {
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException e) {
            return; // the JVM is shutting down and the hook runs stopAll
        }
        stopAll();
    }
}
