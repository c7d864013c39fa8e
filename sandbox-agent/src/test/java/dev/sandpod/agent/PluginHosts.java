package dev.sandpod.agent;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Whether the plugin tests can run here. Against a remote agent (the sandbox image) they always
 * run. In this JVM they need python3-ipykernel and chromium on this host; without them they skip
 * on a developer machine, but run (and fail) under CI or SANDPOD_REQUIRE_PLUGINS=1, so a CI
 * machine that lost them cannot pass by skipping.
 */
final class PluginHosts {

    private PluginHosts() {
    }

    static boolean required() {
        return "true".equalsIgnoreCase(System.getenv("CI")) || "1".equals(System.getenv("SANDPOD_REQUIRE_PLUGINS"));
    }

    /** For {@code @EnabledIf}: the jupyter tests run. */
    static boolean jupyterTestable() {
        return AgentHarness.remote() || required() || succeeds(List.of("/usr/bin/python3", "-c", "import ipykernel_launcher"));
    }

    /** For {@code @EnabledIf}: the browser tests run. */
    static boolean browserTestable() {
        return AgentHarness.remote() || required() || Files.isExecutable(Path.of("/usr/bin/chromium"));
    }

    private static boolean succeeds(List<String> command) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            return process.waitFor(60, TimeUnit.SECONDS) && process.exitValue() == 0;
        } catch (java.io.IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
