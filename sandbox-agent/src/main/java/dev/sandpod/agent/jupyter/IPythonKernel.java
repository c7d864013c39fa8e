package dev.sandpod.agent.jupyter;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.jna.Library;
import com.sun.jna.Native;
import dev.sandpod.agent.plugins.UserProcesses;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One IPython kernel ({@code python3 -m ipykernel_launcher}) started as the sandbox user and
 * driven over the Jupyter messaging protocol: requests on the shell channel, output from IOPub,
 * interrupts as SIGINT (the kernel's default interrupt mode). Not thread-safe.
 */
final class IPythonKernel implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(IPythonKernel.class.getName());
    private static final long POLL_MILLIS = 100;

    private final Process process;
    private final KernelChannels channels;
    private final Path runtimeDir;
    private String interpreter = "";

    private IPythonKernel(Process process, KernelChannels channels, Path runtimeDir) {
        this.process = process;
        this.channels = channels;
        this.runtimeDir = runtimeDir;
    }

    /**
     * How a cell ended. {@code NOT_STARTED}: the kernel died before it showed any sign of the
     * cell (it was already dying when the cell was sent), so the cell did not run.
     */
    enum Outcome { COMPLETED, TIMED_OUT, DIED, NOT_STARTED }

    /**
     * Starts a kernel in {@code directory} and waits until it answers on both channels.
     *
     * @throws IOException with the kernel's own last words when it exits or stays silent
     */
    static IPythonKernel start(UserProcesses users, String python, Path directory, long timeoutNanos) throws IOException {
        Path runtimeDir = users.privateDirectory("sandpod-kernel-");
        IPythonKernel kernel = null;
        try {
            KernelConnection connection = KernelConnection.fresh();
            Path connectionFile = runtimeDir.resolve("kernel.json");
            connection.write(connectionFile);
            users.giveToUser(connectionFile);
            Path log = runtimeDir.resolve("kernel.log");
            ProcessBuilder builder = users.builder(List.of(python, "-m", "ipykernel_launcher", "-f", connectionFile.toString(),
                    "--HistoryManager.enabled=False"), directory);
            builder.environment().put("PYTHONUNBUFFERED", "1");
            builder.redirectErrorStream(true).redirectOutput(log.toFile());
            Process process = builder.start();
            kernel = new IPythonKernel(process, new KernelChannels(connection), runtimeDir);
            kernel.awaitReady(System.nanoTime() + timeoutNanos, log);
            kernel.initialize();
            return kernel;
        } catch (IOException | RuntimeException e) {
            if (kernel != null) {
                kernel.close();
            } else {
                UserProcesses.deleteTree(runtimeDir);
            }
            throw e;
        }
    }

    /**
     * Sends kernel_info requests until one is answered on the shell channel and its busy/idle
     * status is seen on IOPub: only then is the IOPub subscription known to be in place, so no
     * output of the first cell is lost.
     */
    private void awaitReady(long deadline, Path log) throws IOException {
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IOException("the kernel exited with code " + process.exitValue() + lastWords(log));
            }
            String id = channels.request("kernel_info_request", JupyterWire.JSON.createObjectNode());
            boolean replied = false;
            boolean published = false;
            long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(500);
            while (!(replied && published) && System.nanoTime() < until) {
                KernelChannels.Received received = channels.next(POLL_MILLIS);
                if (received != null && id.equals(received.message().parentMsgId())) {
                    replied |= received.channel() == KernelChannels.Channel.SHELL;
                    published |= received.channel() == KernelChannels.Channel.IOPUB;
                }
            }
            if (replied && published) {
                return;
            }
        }
        throw new IOException("the kernel did not answer within " + TimeUnit.NANOSECONDS.toSeconds(deadline - System.nanoTime() + 1) + " s" + lastWords(log));
    }

    private static String lastWords(Path log) {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            List<String> last = lines.subList(Math.max(0, lines.size() - 15), lines.size());
            return last.isEmpty() ? "" : ":\n" + String.join("\n", last);
        } catch (IOException e) {
            return "";
        }
    }

    /** No colours in tracebacks (as OpenHands' kernel), and which interpreter runs the kernel. */
    private void initialize() throws IOException {
        CellOutput ignored = new CellOutput();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        if (execute("%colors nocolor", true, deadline, ignored) != Outcome.COMPLETED) {
            throw new IOException("the kernel did not run its first command");
        }
        ObjectNode content = executeContent("", true);
        content.putObject("user_expressions").put("executable", "__import__('sys').executable");
        String id = channels.request("execute_request", content);
        while (System.nanoTime() < deadline && process.isAlive()) {
            KernelChannels.Received received = channels.next(POLL_MILLIS);
            if (received != null && received.channel() == KernelChannels.Channel.SHELL && id.equals(received.message().parentMsgId())) {
                String repr = received.message().content().path("user_expressions").path("executable")
                        .path("data").path("text/plain").asText("");
                interpreter = repr.length() >= 2 ? repr.substring(1, repr.length() - 1) : repr;
                return;
            }
        }
        throw new IOException("the kernel did not tell its Python interpreter");
    }

    private static ObjectNode executeContent(String code, boolean silent) {
        return JupyterWire.JSON.createObjectNode()
                .put("code", code)
                .put("silent", silent)
                .put("store_history", false)
                .put("allow_stdin", false)
                .put("stop_on_error", true)
                .set("user_expressions", JupyterWire.JSON.createObjectNode());
    }

    /** The Python interpreter the kernel runs on ({@code sys.executable}). */
    String interpreter() {
        return interpreter;
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** The exit code of a kernel that has exited. */
    int exitCode() {
        return process.exitValue();
    }

    /** Runs {@code code}, collecting what it prints into {@code output}, until done, the deadline, or the kernel's death. */
    Outcome execute(String code, boolean silent, long deadline, CellOutput output) {
        return collect(send(code, silent), deadline, output);
    }

    /** Sends a cell; answers the request's id, for {@link #collect}. */
    String send(String code, boolean silent) {
        return channels.request("execute_request", executeContent(code, silent));
    }

    /**
     * Collects a sent cell's output until it is done (its reply and the kernel's idle status for
     * it have arrived), {@code deadline} passes, or the kernel dies. A timed-out cell can be
     * collected again after an interrupt.
     */
    Outcome collect(String id, long deadline, CellOutput output) {
        boolean replied = false;
        boolean idle = false;
        boolean seen = false;
        while (!(replied && idle)) {
            long remaining = deadline - System.nanoTime();
            if (remaining <= 0) {
                return Outcome.TIMED_OUT;
            }
            KernelChannels.Received received = channels.next(Math.min(POLL_MILLIS, TimeUnit.NANOSECONDS.toMillis(remaining) + 1));
            if (received == null) {
                if (!process.isAlive()) {
                    return seen ? Outcome.DIED : Outcome.NOT_STARTED;
                }
                continue;
            }
            JupyterWire.Message message = received.message();
            if (!id.equals(message.parentMsgId())) {
                continue;
            }
            seen = true;
            if (received.channel() == KernelChannels.Channel.SHELL) {
                replied |= message.type().equals("execute_reply");
                continue;
            }
            JsonNode content = message.content();
            switch (message.type()) {
                case "status" -> idle |= content.path("execution_state").asText().equals("idle");
                case "stream" -> output.text(content.path("text").asText(""));
                case "execute_result", "display_data" -> {
                    JsonNode data = content.path("data");
                    output.text(data.path("text/plain").asText(""));
                    if (data.hasNonNull("image/png")) {
                        output.image(data.get("image/png").asText().replace("\n", ""));
                    }
                }
                case "error" -> {
                    StringBuilder traceback = new StringBuilder();
                    content.path("traceback").forEach(line -> traceback.append(traceback.isEmpty() ? "" : "\n").append(line.asText()));
                    output.error(traceback.toString());
                }
                default -> {
                    // execute_input, clear_output, comm messages: nothing a model reads
                }
            }
        }
        return Outcome.COMPLETED;
    }

    /** SIGINT to the kernel: Python raises KeyboardInterrupt in the running cell. */
    void interrupt() {
        if (process.isAlive() && Signals.C.kill((int) process.pid(), Signals.SIGINT) != 0) {
            LOG.log(System.Logger.Level.WARNING, "could not send SIGINT to the IPython kernel (pid {0,number,#})", process.pid());
        }
    }

    @Override
    public void close() {
        channels.close();
        UserProcesses.stop(process);
        UserProcesses.deleteTree(runtimeDir);
    }

    /** kill(2) from libc, through JNA (which the agent already ships for the terminal). */
    interface Signals extends Library {
        int SIGINT = 2;
        Signals C = Native.load("c", Signals.class);

        int kill(int pid, int signal);
    }
}
