package dev.sandpod.cli;

import dev.sandpod.client.KubernetesSessions;
import dev.sandpod.client.LocalSessionRecord;
import dev.sandpod.client.LocalSessions;
import dev.sandpod.client.Sandpod;
import dev.sandpod.client.SandpodException;
import dev.sandpod.client.SandpodHome;
import dev.sandpod.client.SessionClient;
import dev.sandpod.client.SessionNames;
import dev.sandpod.client.SessionNotFoundException;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Finds where a session lives for commands that take its name: the record {@code sandpod up}
 * left in {@link SandpodHome} says which runtime (and namespace); without one, the cluster's
 * current namespace is asked. Opens runtimes and the cluster client only when needed.
 */
final class SessionLocator implements AutoCloseable {

    private static final int CLUSTER_TIMEOUT_MILLIS = 3000;

    private final SandpodHome home;
    private final Map<String, String> env;
    private final Map<String, LocalSessions> locals = new HashMap<>();
    private ClusterAccess.Probe cluster;

    SessionLocator(SandpodHome home, Map<String, String> env) {
        this.home = home;
        this.env = env;
    }

    SandpodHome home() {
        return home;
    }

    /** The client holding session {@code name}; {@link SessionNotFoundException} when nothing does. */
    SessionClient clientFor(String name) {
        SessionNames.validate(name);
        Optional<LocalSessionRecord> record = home.find(name);
        if (record.isPresent()) {
            String runtime = record.get().runtime();
            return "kubernetes".equals(runtime) ? kubernetes(record.get().namespace()) : local(runtime);
        }
        ClusterAccess.Probe probe = cluster();
        if (probe.usable()) {
            return kubernetes(null);
        }
        throw new SessionNotFoundException(name, "this machine (and no cluster to look in: " + probe.problem() + ")");
    }

    LocalSessions local(String runtime) {
        return locals.computeIfAbsent(runtime, r -> switch (r) {
            case "docker" -> Sandpod.docker(home);
            case "process" -> Sandpod.process(home);
            default -> throw new SandpodException("Unknown runtime '" + r + "': use kubernetes, docker or process");
        });
    }

    KubernetesSessions kubernetes(String namespace) {
        ClusterAccess.Probe probe = cluster();
        if (!probe.usable()) {
            throw new SandpodException("No usable Kubernetes cluster: " + probe.problem());
        }
        return Sandpod.kubernetes(probe.client(), namespace);
    }

    ClusterAccess.Probe cluster() {
        if (cluster == null) {
            cluster = ClusterAccess.probe(env, CLUSTER_TIMEOUT_MILLIS);
        }
        return cluster;
    }

    @Override
    public void close() {
        locals.values().forEach(LocalSessions::close);
        if (cluster != null && cluster.client() != null) {
            cluster.client().close();
        }
    }
}
