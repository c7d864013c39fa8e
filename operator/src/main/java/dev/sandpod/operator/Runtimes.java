package dev.sandpod.operator;

import dev.sandpod.api.session.SessionRuntime;
import dev.sandpod.operator.runtime.SandboxRuntime;

import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The runtimes this operator can run sessions with: kubernetes always (owned pods), and the local
 * ones it was given, keyed by {@link SandboxRuntime#name()} ({@code docker}, {@code process}).
 */
public final class Runtimes implements AutoCloseable {

    private final Map<String, SandboxRuntime> local;

    public Runtimes(Map<String, SandboxRuntime> local) {
        this.local = Map.copyOf(local);
    }

    public static Runtimes kubernetesOnly() {
        return new Runtimes(Map.of());
    }

    /** The local runtime for {@code runtime}, empty for kubernetes or one not configured. */
    public Optional<SandboxRuntime> local(SessionRuntime runtime) {
        return Optional.ofNullable(local.get(runtime.value()));
    }

    public boolean available(SessionRuntime runtime) {
        return runtime == SessionRuntime.KUBERNETES || local.containsKey(runtime.value());
    }

    public Set<String> names() {
        Set<String> names = new TreeSet<>(local.keySet());
        names.add(SessionRuntime.KUBERNETES.value());
        return names;
    }

    @Override
    public void close() {
        local.values().forEach(SandboxRuntime::close);
    }
}
