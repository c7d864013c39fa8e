package dev.sandpod.cluster;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Runs the tools a user runs (kubectl, helm, bash, bin/sandpod) as processes against the suite's
 * cluster: KUBECONFIG is the suite's, and the directories of the configured kubectl and helm come
 * first on PATH, so a script's bare {@code kubectl} is the same binary.
 */
final class Cli {

    record Result(List<String> command, int exitCode, String out, String err) {
        Result ok() {
            if (exitCode != 0) {
                throw new AssertionError(this.toString());
            }
            return this;
        }

        @Override
        public String toString() {
            return String.join(" ", command) + " -> exit " + exitCode + "\n--- stdout\n" + out + "--- stderr\n" + err;
        }
    }

    private final ClusterSettings settings;

    Cli(ClusterSettings settings) {
        this.settings = settings;
    }

    Map<String, String> environment() {
        Map<String, String> env = new HashMap<>(System.getenv());
        env.put("KUBECONFIG", settings.kubeconfig().toString());
        String path = env.getOrDefault("PATH", "/usr/local/bin:/usr/bin:/bin");
        for (String tool : List.of(settings.helm(), settings.kubectl())) {
            Path parent = Path.of(tool).getParent();
            if (parent != null) {
                path = parent.toAbsolutePath() + ":" + path;
            }
        }
        env.put("PATH", path);
        return env;
    }

    Result kubectl(String... args) {
        return run(Duration.ofMinutes(5), prepend(settings.kubectl(), args));
    }

    Result helm(String... args) {
        return run(Duration.ofMinutes(10), prepend(settings.helm(), args));
    }

    Result run(Duration timeout, List<String> command) {
        return run(timeout, command, Map.of());
    }

    Result run(Duration timeout, List<String> command, Map<String, String> extraEnv) {
        ProcessBuilder builder = new ProcessBuilder(command).directory(settings.repository().toFile());
        builder.environment().clear();
        builder.environment().putAll(environment());
        builder.environment().putAll(extraEnv);
        builder.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        try {
            Process process = builder.start();
            CompletableFuture<String> out = drain(process.getInputStream());
            CompletableFuture<String> err = drain(process.getErrorStream());
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                throw new AssertionError(String.join(" ", command) + " did not finish within " + timeout.toSeconds()
                        + " s; stdout so far:\n" + out.getNow("") + "\nstderr:\n" + err.getNow(""));
            }
            return new Result(command, process.exitValue(), out.join(), err.join());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + command.get(0) + " (set SANDPOD_KUBECTL / SANDPOD_HELM?)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted running " + command, e);
        }
    }

    /** Own threads: the common pool has one thread on two cores, and a full stderr pipe would block the process. */
    private static final java.util.concurrent.ExecutorService DRAINS = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor();

    /** Reads a process's output to the end on a thread of its own. */
    static CompletableFuture<String> drain(InputStream stream) {
        return CompletableFuture.supplyAsync(() -> {
            try (stream) {
                return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                return "(read failed: " + e + ")";
            }
        }, DRAINS);
    }

    private static List<String> prepend(String first, String... rest) {
        List<String> command = new ArrayList<>();
        command.add(first);
        command.addAll(List.of(rest));
        return command;
    }
}
