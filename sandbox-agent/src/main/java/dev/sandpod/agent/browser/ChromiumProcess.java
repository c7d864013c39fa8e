package dev.sandpod.agent.browser;

import dev.sandpod.agent.plugins.UserProcesses;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Headless Chromium started as the sandbox user with a fresh profile, its DevTools endpoint on
 * loopback (port chosen by Chromium). Chromium's own sandbox is used when the container allows
 * it; where it cannot work (no user namespaces, as in a default Docker container) Chromium is
 * started again with {@code --no-sandbox}, and the log says so.
 */
final class ChromiumProcess implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(ChromiumProcess.class.getName());
    static final String ENV = "SANDPOD_CHROMIUM";
    private static final Pattern LISTENING = Pattern.compile("DevTools listening on (ws://\\S+)");
    /** Without these Chromium keeps calling hosts a closed network refuses, and does work no agent needs. */
    static final List<String> FLAGS = List.of(
            "--headless", "--disable-gpu", "--no-first-run", "--no-default-browser-check",
            "--disable-background-networking", "--disable-component-update", "--disable-sync",
            "--disable-default-apps", "--disable-extensions", "--disable-breakpad", "--disable-crash-reporter",
            "--disable-dev-shm-usage", "--mute-audio", "--hide-scrollbars", "--password-store=basic",
            "--window-size=1280,720", "--remote-debugging-address=127.0.0.1", "--remote-debugging-port=0");

    /** Learnt at the first start: this machine cannot give Chromium its sandbox. */
    private static volatile boolean sandboxUnavailable;

    private final Process process;
    private final Path profile;
    private final URI endpoint;
    private final Deque<String> lastLines;

    private ChromiumProcess(Process process, Path profile, URI endpoint, Deque<String> lastLines) {
        this.process = process;
        this.profile = profile;
        this.endpoint = endpoint;
        this.lastLines = lastLines;
    }

    /** Starts Chromium and waits for its DevTools endpoint. */
    static ChromiumProcess start(UserProcesses users, Path directory, long timeoutNanos) throws IOException {
        String binary = binary(users);
        try {
            return start(users, binary, directory, sandboxUnavailable, timeoutNanos);
        } catch (SandboxUnavailable e) {
            sandboxUnavailable = true; // a restarted browser goes straight to --no-sandbox
            LOG.log(System.Logger.Level.WARNING, "Chromium cannot use its own sandbox here ({0}); "
                    + "starting it with --no-sandbox. The container itself is the isolation boundary.", e.getMessage());
            return start(users, binary, directory, true, timeoutNanos);
        }
    }

    private static ChromiumProcess start(UserProcesses users, String binary, Path directory, boolean noSandbox, long timeoutNanos)
            throws IOException {
        Path profile = users.privateDirectory("sandpod-browser-");
        List<String> command = new ArrayList<>();
        command.add(binary);
        command.addAll(FLAGS);
        command.add("--user-data-dir=" + profile);
        if (noSandbox) {
            command.add("--no-sandbox");
        }
        command.add("about:blank");
        ProcessBuilder builder = users.builder(command, directory).redirectErrorStream(true);
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            UserProcesses.deleteTree(profile);
            throw e;
        }
        process.getOutputStream().close();
        Deque<String> lastLines = new ArrayDeque<>();
        CompletableFuture<URI> endpoint = new CompletableFuture<>();
        Thread reader = new Thread(() -> pump(process, lastLines, endpoint), "chromium-output");
        reader.setDaemon(true);
        reader.start();
        try {
            return new ChromiumProcess(process, profile, endpoint.get(timeoutNanos, TimeUnit.NANOSECONDS), lastLines);
        } catch (ExecutionException | TimeoutException e) {
            UserProcesses.stop(process);
            UserProcesses.deleteTree(profile);
            String said = said(lastLines);
            if (!noSandbox && (said.contains("No usable sandbox") || said.contains("without --no-sandbox"))) {
                throw new SandboxUnavailable(said.lines().filter(l -> l.contains("sandbox")).findFirst().orElse("no usable sandbox"));
            }
            throw new IOException((e instanceof TimeoutException ? "Chromium did not open its DevTools endpoint within "
                    + TimeUnit.NANOSECONDS.toSeconds(timeoutNanos) + " s" : "Chromium exited before it was ready") + said);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            UserProcesses.stop(process);
            UserProcesses.deleteTree(profile);
            throw new IOException("interrupted while Chromium started", e);
        }
    }

    /** Reads Chromium's output for as long as it runs (a full pipe would stall it), keeping the last lines. */
    private static void pump(Process process, Deque<String> lastLines, CompletableFuture<URI> endpoint) {
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = lines.readLine()) != null) {
                Matcher matcher = LISTENING.matcher(line);
                if (matcher.find()) {
                    endpoint.complete(URI.create(matcher.group(1)));
                }
                synchronized (lastLines) {
                    lastLines.addLast(line);
                    if (lastLines.size() > 20) {
                        lastLines.removeFirst();
                    }
                }
            }
        } catch (IOException e) {
            // the process ended
        }
        endpoint.completeExceptionally(new IOException("Chromium's output ended"));
    }

    private static String said(Deque<String> lastLines) {
        synchronized (lastLines) {
            return lastLines.isEmpty() ? "" : ":\n" + String.join("\n", lastLines);
        }
    }

    private static String binary(UserProcesses users) throws IOException {
        List<String> candidates = new ArrayList<>();
        String configured = System.getenv(ENV);
        if (configured != null && !configured.isBlank()) {
            candidates.add(configured.strip());
        }
        String path = users.environment().getOrDefault("PATH", "/usr/bin:/bin");
        for (String name : List.of("chromium", "chromium-browser", "google-chrome", "chrome")) {
            for (String dir : path.split(":")) {
                if (!dir.isEmpty()) {
                    candidates.add(Path.of(dir, name).toString());
                }
            }
        }
        for (String candidate : candidates) {
            if (Files.isExecutable(Path.of(candidate))) {
                return candidate;
            }
        }
        throw new IOException("no Chromium found for the browser plugin (looked for chromium on the sandbox user's PATH). "
                + "Install it in the sandbox image (Debian: apt-get install chromium fonts-liberation), or point " + ENV + " at it.");
    }

    /** The browser's DevTools WebSocket endpoint. */
    URI endpoint() {
        return endpoint;
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** Runs {@code action} when Chromium's main process has exited (at once if it has). */
    void onExit(Runnable action) {
        process.onExit().thenRun(action);
    }

    /** Chromium's last lines of output, for an error message. */
    String lastWords() {
        return said(lastLines);
    }

    @Override
    public void close() {
        UserProcesses.stop(process);
        UserProcesses.deleteTree(profile);
    }

    /** Chromium refused to start because its sandbox cannot work here. */
    private static final class SandboxUnavailable extends IOException {
        SandboxUnavailable(String message) {
            super(message);
        }
    }
}
