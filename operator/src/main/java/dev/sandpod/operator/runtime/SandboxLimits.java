package dev.sandpod.operator.runtime;

/**
 * What a local sandbox may use, from the session's {@code spec.resources}: the Docker runtime
 * turns it into cgroup limits. Null fields mean "no limit" (requests: no reservation); the process
 * runtime has no cgroup of its own and ignores them.
 *
 * @param memoryBytes        {@code limits.memory}: the container's memory limit, swap included
 * @param memoryRequestBytes {@code requests.memory}: a soft reservation
 * @param milliCpus          {@code limits.cpu} in thousandths of a CPU: a CFS quota
 * @param milliCpusRequested {@code requests.cpu}: the container's CPU weight (1024 shares per CPU)
 * @param pids               {@code limits.pids}: at most this many processes and threads
 */
public record SandboxLimits(Long memoryBytes, Long memoryRequestBytes, Long milliCpus, Long milliCpusRequested, Long pids) {

    /** The process limit of a sandbox whose spec sets none: a fork bomb stops there. */
    public static final long DEFAULT_PIDS = 4096;

    /** No limits but the default process limit. */
    public static final SandboxLimits NONE = new SandboxLimits(null, null, null, null, null);

    /** The process limit to apply: the spec's, else {@link #DEFAULT_PIDS}. */
    public long pidsOrDefault() {
        return pids != null ? pids : DEFAULT_PIDS;
    }
}
