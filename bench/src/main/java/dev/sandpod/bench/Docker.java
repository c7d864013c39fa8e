package dev.sandpod.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The docker command line, as a user would type it; the baseline of container start-up. */
final class Docker {
    private Docker() {
    }

    static boolean imagePresent(String image) {
        try {
            return exec(List.of("docker", "image", "inspect", image)).isPresent();
        } catch (IOException e) {
            return false;
        }
    }

    /** Runs a docker command; the trimmed stdout when it exits 0, else empty. */
    static java.util.Optional<String> exec(List<String> args) throws IOException {
        Process p = new ProcessBuilder(args).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        try {
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return java.util.Optional.empty();
            }
            return p.exitValue() == 0 ? java.util.Optional.of(out) : java.util.Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    static String require(String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of("docker"));
        command.addAll(List.of(args));
        return exec(command).orElseThrow(() -> new IOException("failed: " + String.join(" ", command)));
    }
}
