package dev.sandpod.operator;

import dev.sandpod.api.session.SessionRuntime;
import dev.sandpod.operator.policy.PolicyFile;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * The operator's settings, from environment variables and {@code --flag=value} arguments (a flag
 * wins over its variable). See docs/operator.md for the table.
 *
 * @param defaultRuntime     runtime of sessions without {@code spec.runtime}; never process unless set,
 *                           since the process runtime isolates nothing
 * @param enabledRuntimes    runtimes sessions may ask for; process only when listed, since it runs sessions
 *                           with the operator's rights (inside its pod, or on the workstation running it)
 * @param namespaces         watched namespaces; empty means all. Outside a cluster they must be named
 *                           ({@code *} for all): a workstation operator acts on whatever sessions it sees
 * @param sandboxImage       image of sessions without {@code spec.image}, and the agent's source for injection
 * @param leaderElection     whether to hold a Lease before reconciling (on by default in a cluster)
 * @param leaseNamespace     namespace of the Lease; null for the client's namespace
 * @param exitOnStopLeading  exit the process when leadership is lost (the safe default in a Deployment)
 * @param httpPort           port of /healthz, /readyz and /metrics; 0 picks a free one
 * @param agentProbeHost     host the operator calls the agent at instead of the pod IP (tests, port-forwards); null: pod IP
 * @param agentProbePort     port the operator calls the agent at instead of 47000; null: 47000
 * @param policy             the platform's rules for sessions and their NetworkPolicy ({@code SANDPOD_POLICY_FILE})
 */
public record OperatorConfig(
        SessionRuntime defaultRuntime,
        Set<SessionRuntime> enabledRuntimes,
        Set<String> namespaces,
        String sandboxImage,
        boolean leaderElection,
        String leaseNamespace,
        boolean exitOnStopLeading,
        int httpPort,
        String agentProbeHost,
        Integer agentProbePort,
        PolicyFile policy) {

    public OperatorConfig {
        policy = policy == null ? PolicyFile.defaults() : policy;
    }

    /** Settings with the default policy. */
    public OperatorConfig(SessionRuntime defaultRuntime, Set<SessionRuntime> enabledRuntimes, Set<String> namespaces,
                          String sandboxImage, boolean leaderElection, String leaseNamespace, boolean exitOnStopLeading,
                          int httpPort, String agentProbeHost, Integer agentProbePort) {
        this(defaultRuntime, enabledRuntimes, namespaces, sandboxImage, leaderElection, leaseNamespace, exitOnStopLeading,
                httpPort, agentProbeHost, agentProbePort, null);
    }

    /** The sandbox image built by images/ when nothing else is configured. */
    public static final String DEFAULT_SANDBOX_IMAGE = "sandpod/sandbox:dev";
    /** {@code SANDPOD_NAMESPACES} meaning every namespace, which outside a cluster must be asked for. */
    public static final String ALL_NAMESPACES = "*";
    /** The agent's port inside the sandbox. */
    public static final int AGENT_PORT = 47000;

    /** Reads the settings; {@code dockerReachable} decides the default runtime outside a cluster. */
    public static OperatorConfig from(Map<String, String> env, String[] args, boolean dockerReachable) {
        return from(env, args, () -> dockerReachable);
    }

    /**
     * Reads the settings; {@code dockerReachable} is asked only when the settings leave the runtimes
     * to it (outside a cluster): in a cluster the chart sets both, and probing a Docker socket that
     * is not there cost the operator's start seconds.
     */
    public static OperatorConfig from(Map<String, String> env, String[] args, java.util.function.BooleanSupplier docker) {
        Map<String, String> settings = merge(env, args);
        boolean inCluster = env.containsKey("KUBERNETES_SERVICE_HOST");
        String runtimeSetting = settings.get("SANDPOD_DEFAULT_RUNTIME");
        String runtimesSetting0 = settings.get("SANDPOD_RUNTIMES");
        boolean needsDocker = !inCluster && ((runtimeSetting == null || runtimeSetting.isBlank())
                || runtimesSetting0 == null || runtimesSetting0.isBlank());
        boolean dockerReachable = needsDocker && docker.getAsBoolean();
        String runtime = runtimeSetting;
        SessionRuntime defaultRuntime = runtime != null && !runtime.isBlank() ? SessionRuntime.of(runtime)
                : !inCluster && dockerReachable ? SessionRuntime.DOCKER : SessionRuntime.KUBERNETES;
        Set<SessionRuntime> enabled = EnumSet.noneOf(SessionRuntime.class);
        String runtimesSetting = settings.get("SANDPOD_RUNTIMES");
        if (runtimesSetting != null && !runtimesSetting.isBlank()) {
            Arrays.stream(runtimesSetting.split(",")).map(String::trim).filter(s -> !s.isEmpty())
                    .map(SessionRuntime::of).forEach(enabled::add);
        } else {
            enabled.add(SessionRuntime.KUBERNETES);
            if (!inCluster && dockerReachable) {
                enabled.add(SessionRuntime.DOCKER);
            }
        }
        enabled.add(defaultRuntime);
        String namespacesSetting = settings.getOrDefault("SANDPOD_NAMESPACES", "").trim();
        if (!inCluster && namespacesSetting.isEmpty()) {
            throw new IllegalArgumentException("outside a cluster, name the namespaces whose sessions this operator runs:"
                    + " --namespaces=NS[,NS...] (SANDPOD_NAMESPACES), or --namespaces='" + ALL_NAMESPACES + "' for every"
                    + " namespace. Anyone who may create a SandboxSession there gets a sandbox run by this operator"
                    + (enabled.size() > 1 ? " (" + enabled.stream().filter(r -> r != SessionRuntime.KUBERNETES)
                    .map(SessionRuntime::value).collect(java.util.stream.Collectors.joining(", ")) + " on this machine)" : ""));
        }
        Set<String> namespaces = new LinkedHashSet<>();
        if (!namespacesSetting.equals(ALL_NAMESPACES)) {
            Arrays.stream(namespacesSetting.split(",")).map(String::trim).filter(s -> !s.isEmpty()).forEach(namespaces::add);
        }
        return new OperatorConfig(
                defaultRuntime,
                Set.copyOf(enabled),
                Set.copyOf(namespaces),
                settings.getOrDefault("SANDPOD_SANDBOX_IMAGE", DEFAULT_SANDBOX_IMAGE),
                bool(settings, "SANDPOD_LEADER_ELECTION", inCluster),
                settings.getOrDefault("SANDPOD_LEASE_NAMESPACE", env.get("POD_NAMESPACE")),
                bool(settings, "SANDPOD_EXIT_ON_STOP_LEADING", true),
                integer(settings, "SANDPOD_HTTP_PORT", 8080),
                settings.get("SANDPOD_AGENT_PROBE_HOST"),
                settings.containsKey("SANDPOD_AGENT_PROBE_PORT") ? integer(settings, "SANDPOD_AGENT_PROBE_PORT", 0) : null,
                policy(settings.get("SANDPOD_POLICY_FILE")));
    }

    private static PolicyFile policy(String file) {
        return file == null || file.isBlank() ? PolicyFile.defaults() : PolicyFile.read(Path.of(file.trim()));
    }

    /** Settings for tests and embedding: all namespaces, no leader election, no probe override. */
    public static OperatorConfig defaults(SessionRuntime defaultRuntime) {
        return new OperatorConfig(defaultRuntime, EnumSet.allOf(SessionRuntime.class), Set.of(), DEFAULT_SANDBOX_IMAGE,
                false, null, false, 0, null, null);
    }

    public OperatorConfig withAgentProbe(String host, Integer port) {
        return new OperatorConfig(defaultRuntime, enabledRuntimes, namespaces, sandboxImage, leaderElection, leaseNamespace,
                exitOnStopLeading, httpPort, host, port, policy);
    }

    public OperatorConfig withPolicy(PolicyFile policy) {
        return new OperatorConfig(defaultRuntime, enabledRuntimes, namespaces, sandboxImage, leaderElection, leaseNamespace,
                exitOnStopLeading, httpPort, agentProbeHost, agentProbePort, policy);
    }

    public OperatorConfig withSandboxImage(String image) {
        return new OperatorConfig(defaultRuntime, enabledRuntimes, namespaces, image, leaderElection, leaseNamespace,
                exitOnStopLeading, httpPort, agentProbeHost, agentProbePort, policy);
    }

    // --default-runtime=docker is SANDPOD_DEFAULT_RUNTIME=docker
    private static Map<String, String> merge(Map<String, String> env, String[] args) {
        Map<String, String> settings = new HashMap<>(env);
        for (String arg : args) {
            if (!arg.startsWith("--") || !arg.contains("=")) {
                throw new IllegalArgumentException("unknown argument '" + arg + "': use --name=value, e.g. --default-runtime=docker");
            }
            String name = arg.substring(2, arg.indexOf('='));
            settings.put("SANDPOD_" + name.toUpperCase().replace('-', '_'), arg.substring(arg.indexOf('=') + 1));
        }
        return settings;
    }

    private static boolean bool(Map<String, String> settings, String key, boolean fallback) {
        String value = settings.get(key);
        if (value == null || value.isBlank()) {
            return fallback;
        }
        if (!value.equalsIgnoreCase("true") && !value.equalsIgnoreCase("false")) {
            throw new IllegalArgumentException(key + "=" + value + ": use true or false");
        }
        return Boolean.parseBoolean(value);
    }

    private static int integer(Map<String, String> settings, String key, int fallback) {
        String value = settings.get(key);
        try {
            return value == null || value.isBlank() ? fallback : Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + "=" + value + ": use a port number", e);
        }
    }
}
