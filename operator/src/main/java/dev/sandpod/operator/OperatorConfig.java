package dev.sandpod.operator;

import dev.sandpod.api.session.SessionRuntime;

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
 * @param defaultRuntime     runtime of sessions without {@code spec.runtime}
 * @param enabledRuntimes    runtimes sessions may ask for; in a cluster only kubernetes unless set, since
 *                           the process runtime would run sessions inside the operator's pod
 * @param namespaces         watched namespaces; empty means all
 * @param sandboxImage       image of sessions without {@code spec.image}, and the agent's source for injection
 * @param leaderElection     whether to hold a Lease before reconciling (on by default in a cluster)
 * @param leaseNamespace     namespace of the Lease; null for the client's namespace
 * @param exitOnStopLeading  exit the process when leadership is lost (the safe default in a Deployment)
 * @param httpPort           port of /healthz, /readyz and /metrics; 0 picks a free one
 * @param agentProbeHost     host the operator calls the agent at instead of the pod IP (tests, port-forwards); null: pod IP
 * @param agentProbePort     port the operator calls the agent at instead of 47000; null: 47000
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
        Integer agentProbePort) {

    /** The sandbox image built by images/ when nothing else is configured. */
    public static final String DEFAULT_SANDBOX_IMAGE = "sandpod/sandbox:dev";
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
                : inCluster ? SessionRuntime.KUBERNETES
                : dockerReachable ? SessionRuntime.DOCKER : SessionRuntime.PROCESS;
        Set<SessionRuntime> enabled = EnumSet.noneOf(SessionRuntime.class);
        String runtimesSetting = settings.get("SANDPOD_RUNTIMES");
        if (runtimesSetting != null && !runtimesSetting.isBlank()) {
            Arrays.stream(runtimesSetting.split(",")).map(String::trim).filter(s -> !s.isEmpty())
                    .map(SessionRuntime::of).forEach(enabled::add);
        } else {
            enabled.add(SessionRuntime.KUBERNETES);
            if (!inCluster) {
                enabled.add(SessionRuntime.PROCESS);
                if (dockerReachable) {
                    enabled.add(SessionRuntime.DOCKER);
                }
            }
        }
        enabled.add(defaultRuntime);
        Set<String> namespaces = new LinkedHashSet<>();
        Arrays.stream(settings.getOrDefault("SANDPOD_NAMESPACES", "").split(","))
                .map(String::trim).filter(s -> !s.isEmpty()).forEach(namespaces::add);
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
                settings.containsKey("SANDPOD_AGENT_PROBE_PORT") ? integer(settings, "SANDPOD_AGENT_PROBE_PORT", 0) : null);
    }

    /** Settings for tests and embedding: all namespaces, no leader election, no probe override. */
    public static OperatorConfig defaults(SessionRuntime defaultRuntime) {
        return new OperatorConfig(defaultRuntime, EnumSet.allOf(SessionRuntime.class), Set.of(), DEFAULT_SANDBOX_IMAGE,
                false, null, false, 0, null, null);
    }

    public OperatorConfig withAgentProbe(String host, Integer port) {
        return new OperatorConfig(defaultRuntime, enabledRuntimes, namespaces, sandboxImage, leaderElection, leaseNamespace,
                exitOnStopLeading, httpPort, host, port);
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
