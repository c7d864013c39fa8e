package dev.sandpod.agent.shell;

import com.pty4j.PtyProcess;
import com.pty4j.PtyProcessBuilder;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * One bash in a pseudo-terminal, its output pumped by one platform thread into an
 * {@link OutputBuffer}. Knows how to send text and how to recognize the prompt sentinel; waiting
 * and what an action means are {@link Shell}'s business, which serializes the calls that change
 * state (the pump and the buffer have locks of their own).
 */
final class ShellSession implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(ShellSession.class.getName());
    private static final Duration START_TIMEOUT = Duration.ofSeconds(30);

    private final PtyProcess process;
    private final OutputBuffer buffer = new OutputBuffer();
    private final PromptSentinel sentinel = new PromptSentinel();
    private final Thread pump;
    private final OutputStream input;
    private volatile java.util.concurrent.Future<?> pendingWrite;
    /** Writes of input for running programs, which may block while a program does not read. */
    private final java.util.concurrent.ExecutorService writer = java.util.concurrent.Executors.newSingleThreadExecutor(
            r -> Thread.ofPlatform().daemon().name("pty-writer").unstarted(r));
    private PromptMetadata last = PromptMetadata.UNKNOWN;

    private ShellSession(PtyProcess process) {
        this.process = process;
        this.input = process.getOutputStream();
        this.pump = Thread.ofPlatform().daemon().name("pty-pump-" + process.pid()).start(this::pumpOutput);
    }

    /** Starts bash, installs the prompt sentinel and the session defaults, waits for the first prompt. */
    static ShellSession start(ShellLaunch launch) throws IOException {
        PtyProcess process = new PtyProcessBuilder(launch.command().toArray(String[]::new))
                .setEnvironment(launch.environment())
                .setDirectory(launch.workingDir().toString())
                .setInitialColumns(1000)
                .setInitialRows(50)
                .setConsole(false)
                .start();
        ShellSession shell = new ShellSession(process);
        try {
            shell.send(shell.initScript());
            ShellOutcome first = shell.awaitFirstPrompt(START_TIMEOUT);
            if (first.kind() != ShellOutcome.Kind.COMPLETED) {
                throw new IOException("bash did not show its first prompt within " + START_TIMEOUT.toSeconds()
                        + " s (" + first.kind() + "): " + new String(first.output(), StandardCharsets.UTF_8));
            }
            return shell;
        } catch (IOException | RuntimeException e) {
            shell.close();
            throw e;
        } catch (InterruptedException e) {
            shell.close();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while bash started", e);
        }
    }

    private String initScript() {
        // echo off first: then no command we send is ever echoed back; history expansion off so
        // '!' in commands is literal; pagers off so git and man never wait for a key
        return "stty -echo 2>/dev/null\n"
                + "set +H\n"
                // history stays in memory only: commands an agent sent are no one's login history
                + "unset HISTFILE\n"
                + "export PAGER=cat GIT_PAGER=cat SYSTEMD_PAGER= TERM=dumb\n"
                + "command -v git >/dev/null 2>&1 && { git config --global user.name >/dev/null 2>&1"
                + " || git config --global user.name sandpod; git config --global user.email >/dev/null 2>&1"
                + " || git config --global user.email sandpod@sandpod.dev; } >/dev/null 2>&1\n"
                + sentinel.installScript();
    }

    private void pumpOutput() {
        byte[] chunk = new byte[64 * 1024];
        try (InputStream out = process.getInputStream()) {
            int n;
            while ((n = out.read(chunk)) >= 0) {
                buffer.append(chunk, 0, n);
            }
        } catch (IOException e) {
            // EIO is how a PTY reports that the last process holding its terminal side exited
        } finally {
            buffer.close();
        }
    }

    /** Writes text to the terminal as if typed. */
    void send(String text) throws IOException {
        send(text.getBytes(StandardCharsets.UTF_8));
    }

    void send(byte[] bytes) throws IOException {
        synchronized (input) {
            input.write(bytes);
            input.flush();
        }
    }

    /**
     * Sends text to a running program without waiting longer than {@code limit}: a program that does
     * not read its input lets the terminal's input queue fill (about 20 KB), and a write then blocks
     * until it reads. The write goes on in the background; false when it did not finish in time.
     */
    boolean sendWithin(byte[] bytes, Duration limit) throws IOException {
        java.util.concurrent.Future<?> write = writer.submit(() -> {
            send(bytes);
            return null;
        });
        pendingWrite = write;
        try {
            write.get(limit.toNanos(), TimeUnit.NANOSECONDS);
            return true;
        } catch (java.util.concurrent.TimeoutException e) {
            return false;
        } catch (java.util.concurrent.ExecutionException e) {
            throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Whether an earlier {@link #sendWithin} is still waiting for the terminal to take it. */
    boolean inputPending() {
        java.util.concurrent.Future<?> write = pendingWrite;
        return write != null && !write.isDone();
    }

    /**
     * Sends a signal to the terminal's foreground process group, as the terminal does for a control
     * key: the way a key still gets through when the input queue is full.
     */
    void signalForeground(String signal) {
        long group = foregroundPid();
        try {
            new ProcessBuilder("kill", "-" + signal, "--", "-" + group).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor(5, TimeUnit.SECONDS);
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "could not send SIG{0} to process group {1}: {2}", signal, group, e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Drops what the terminal printed so far: a new command's output starts now. */
    void clearOutput() {
        buffer.clear();
    }

    /** Total bytes the PTY ever printed; changes whenever it printed something. */
    long received() {
        return buffer.received();
    }

    /** Waits until the PTY printed more than {@code known} bytes, closed, was woken up, or the time ran out. */
    void awaitOutput(long known, long millis) throws InterruptedException {
        buffer.awaitMore(known, millis);
    }

    /** Wakes whoever waits in {@link #awaitOutput}, e.g. a request that was taken over. */
    void wakeUp() {
        buffer.wakeUp();
    }

    /** Adds text to the output as if the terminal had echoed it (a control key shown as {@code ^C}). */
    void echo(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        buffer.append(bytes, 0, bytes.length);
    }

    /** Waits for the start-up prompt: only {@link #start} waits inside this class. */
    private ShellOutcome awaitFirstPrompt(Duration limit) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (true) {
            long seen = buffer.received();
            ShellOutcome completed = completed("");
            if (completed != null) {
                return completed;
            }
            if (!process.isAlive()) {
                return exited();
            }
            if (System.nanoTime() >= deadline) {
                return new ShellOutcome(ShellOutcome.Kind.TIMED_OUT, buffer.takeAll(), PromptMetadata.UNKNOWN, 0);
            }
            buffer.awaitMore(seen, 50);
        }
    }

    /** Everything printed since the last take, for a command still running. */
    byte[] takeOutput() {
        return buffer.takeAll();
    }

    /** Whether the prompt of the command tagged {@code id} has arrived, without consuming it. */
    boolean promptShown(String id) {
        return completed(id, false) != null;
    }

    /**
     * The completed outcome of the command tagged {@code id} if its prompt sentinel has arrived,
     * else null. The output before the sentinel is consumed with it; sentinels of other prompts
     * (bash reading left-over input as commands) are consumed and skipped, with their output.
     */
    ShellOutcome completed(String id) {
        return completed(id, true);
    }

    private ShellOutcome completed(String id, boolean consume) {
        while (true) {
            long begin = buffer.search(sentinel.begin());
            if (begin < 0) {
                return null;
            }
            long jsonStart = begin + sentinel.begin().length;
            long end = buffer.indexOf(sentinel.end(), jsonStart);
            if (end < 0) {
                return null;
            }
            PromptMetadata metadata = sentinel.parse(buffer.copy(jsonStart, end));
            boolean ours = id.equals(metadata.id());
            if (ours && !consume) {
                return new ShellOutcome(ShellOutcome.Kind.COMPLETED, new byte[0], metadata, 0);
            }
            byte[] output = buffer.take(begin);
            long after = end + sentinel.end().length - begin;
            // the sentinel line ends with the printf's own newline
            byte[] rest = buffer.copy(after, Math.min(buffer.length(), after + 2));
            int newline = rest.length > 0 && rest[0] == '\r' ? (rest.length > 1 && rest[1] == '\n' ? 2 : 1) : (rest.length > 0 && rest[0] == '\n' ? 1 : 0);
            buffer.take(after + newline);
            last = metadata;
            if (ours) {
                return new ShellOutcome(ShellOutcome.Kind.COMPLETED, output, metadata, 0);
            }
            if (!consume) {
                return null;
            }
        }
    }

    /** Bash exited: its exit code and the last bytes it printed. */
    ShellOutcome exited() throws InterruptedException {
        int code = -1;
        if (process.waitFor(2, TimeUnit.SECONDS)) {
            code = process.exitValue();
        }
        // give the pump a moment to hand over what bash printed last
        long deadline = System.nanoTime() + Duration.ofMillis(300).toNanos();
        while (!buffer.isClosed() && System.nanoTime() < deadline) {
            buffer.awaitMore(buffer.received(), 50);
        }
        return new ShellOutcome(ShellOutcome.Kind.SHELL_EXITED, buffer.takeAll(), PromptMetadata.UNKNOWN, code);
    }

    boolean isAlive() {
        return process.isAlive();
    }

    long pid() {
        return process.pid();
    }

    /**
     * The pid of what runs in the terminal's foreground: the leader of the foreground process group
     * ({@code tpgid} in {@code /proc/PID/stat}), or bash itself while bash runs a builtin, a loop
     * or nothing.
     */
    long foregroundPid() {
        try {
            String stat = java.nio.file.Files.readString(java.nio.file.Path.of("/proc/" + process.pid() + "/stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            long tpgid = Long.parseLong(fields[5]);
            return tpgid > 0 ? tpgid : process.pid();
        } catch (IOException | RuntimeException e) {
            return process.pid();
        }
    }

    /** What the latest prompt reported: working directory, user, host. */
    PromptMetadata lastPrompt() {
        return last;
    }

    @Override
    public void close() {
        ProcessHandle.of(process.pid()).ifPresent(h -> h.descendants().forEach(ProcessHandle::destroyForcibly));
        process.destroyForcibly();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                LOG.log(System.Logger.Level.WARNING, "bash (pid {0}) did not exit within 5 s of SIGKILL", process.pid());
            }
            pump.join(Duration.ofSeconds(2));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        writer.shutdownNow();
        closeQuietly(input);
        closeQuietly(process.getErrorStream());
    }

    private static void closeQuietly(AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (Exception e) {
            // nothing left to do with a stream of a killed process
        }
    }
}
