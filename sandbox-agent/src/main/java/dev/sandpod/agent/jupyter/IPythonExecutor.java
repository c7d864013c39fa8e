package dev.sandpod.agent.jupyter;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.sandpod.agent.ActionContext;
import dev.sandpod.agent.ActionExecutor;
import dev.sandpod.agent.SandboxContext;
import dev.sandpod.agent.WireDialect;
import dev.sandpod.agent.plugins.UserProcesses;
import dev.sandpod.api.agent.Action;
import dev.sandpod.api.agent.ActionTypes;
import dev.sandpod.api.agent.Observation;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The {@code run_ipython} action (plugin {@code jupyter}): cells run in one IPython kernel per
 * sandbox, started on the first cell as the sandbox user, whose working directory follows the
 * shell's before every cell (as the OpenHands server does). A timed-out cell is interrupted; a
 * kernel that died is started again and the caller told so.
 */
public final class IPythonExecutor implements ActionExecutor, AutoCloseable {

    private static final System.Logger LOG = System.getLogger(IPythonExecutor.class.getName());
    /** OpenHands' default for a cell without a timeout. */
    static final double DEFAULT_TIMEOUT_SECONDS = 120;
    private static final long START_TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(60);
    private static final long AFTER_INTERRUPT_NANOS = TimeUnit.SECONDS.toNanos(5);
    static final String NO_OUTPUT = "[Code executed successfully with no output]";

    private final UserProcesses users;
    private final SandboxContext sandbox;
    private final ReentrantLock lock = new ReentrantLock();
    private String python;
    private IPythonKernel kernel;
    private Path kernelDirectory;

    public IPythonExecutor(UserProcesses users, SandboxContext sandbox) {
        this.users = users;
        this.sandbox = sandbox;
    }

    @Override
    public String type() {
        return ActionTypes.RUN_IPYTHON;
    }

    @Override
    public Observation execute(Action action) {
        return execute(action, ActionContext.DEFAULT);
    }

    /**
     * Runs the cell and answers in the request's dialect: the {@code X-Sandpod-Dialect} header or
     * the agent's {@code --dialect} when given, else what the arguments tell (a client that sends
     * {@code include_extra} is of the 2025 era; see {@code DialectChooser}).
     */
    @Override
    public Observation execute(Action action, ActionContext context) {
        JsonNode code = action.args().path("code");
        if (!code.isTextual()) {
            return Observation.error("ERROR: run_ipython needs args.code, the Python cell as a string"
                    + (code.isMissingNode() || code.isNull() ? "" : " (got " + code.getNodeType().name().toLowerCase(java.util.Locale.ROOT) + ")")
                    + ", e.g. {\"code\": \"print(1)\"}.");
        }
        JsonNode initCode = action.args().path("kernel_init_code");
        Cell cell = new Cell(code.asText(), initCode.isTextual() ? initCode.asText() : "",
                action.args().path("include_extra").asBoolean(true),
                context.dialect() == WireDialect.OPENHANDS_2025, seconds(action));
        lock.lock();
        try {
            return run(cell);
        } catch (IOException e) {
            LOG.log(System.Logger.Level.ERROR, "the IPython kernel could not be used", e);
            return Observation.error("ERROR: the IPython kernel could not be started: " + e.getMessage());
        } finally {
            lock.unlock();
        }
    }

    private static double seconds(Action action) {
        Double timeout = action.timeout();
        if (timeout == null && action.args().path("timeout").isNumber()) {
            timeout = action.args().get("timeout").asDouble();
        }
        return timeout == null || !(timeout > 0) || timeout.isInfinite() ? DEFAULT_TIMEOUT_SECONDS : timeout;
    }

    /**
     * One cell.
     *
     * @param era2025 whether the answer is in the 2025 dialect: images then go to
     *                extras.image_urls, else into the content as Markdown
     */
    private record Cell(String code, String initCode, boolean includeExtra, boolean era2025, double timeoutSeconds) {
    }

    private Observation run(Cell cell) throws IOException {
        List<String> before = new ArrayList<>();
        if (kernel == null || !kernel.isAlive()) {
            if (kernel != null) {
                before.add(exited(kernel));
                closeKernel();
            }
            startKernel(cell, before);
        }
        followShell();
        long deadline = System.nanoTime() + (long) (cell.timeoutSeconds * 1e9);
        CellOutput output = new CellOutput();
        String id = kernel.send(cell.code, false);
        IPythonKernel.Outcome outcome = kernel.collect(id, deadline, output);
        if (outcome == IPythonKernel.Outcome.NOT_STARTED) {
            // killed just before this cell (kill -9 from the shell): the cell never ran, so it runs in a new kernel
            before.add(exited(kernel));
            closeKernel();
            startKernel(cell, before);
            followShell();
            id = kernel.send(cell.code, false);
            outcome = kernel.collect(id, deadline, output);
        }
        List<String> after = new ArrayList<>();
        if (outcome == IPythonKernel.Outcome.TIMED_OUT) {
            kernel.interrupt();
            outcome = kernel.collect(id, System.nanoTime() + AFTER_INTERRUPT_NANOS, output);
            String timedOut = "[Execution timed out (" + format(cell.timeoutSeconds) + " seconds). ";
            if (outcome == IPythonKernel.Outcome.COMPLETED) {
                after.add(timedOut + "The cell was interrupted (KeyboardInterrupt); variables from earlier cells are kept.]");
            } else {
                closeKernel();
                startKernel(cell, after);
                after.addFirst(timedOut + "The cell did not stop when interrupted, so the kernel was restarted; "
                        + "variables from earlier cells are gone.]");
            }
        } else if (outcome == IPythonKernel.Outcome.DIED || outcome == IPythonKernel.Outcome.NOT_STARTED) {
            int exit = kernel.exitCode();
            closeKernel();
            startKernel(cell, after);
            after.addFirst("[The IPython kernel died while running this cell (exit code " + exit
                    + ") and was restarted; variables from earlier cells are gone.]");
        }
        return observation(cell, output, outcome == IPythonKernel.Outcome.COMPLETED, before, after);
    }

    private static String exited(IPythonKernel kernel) {
        return "[The IPython kernel had exited (code " + kernel.exitCode()
                + ") and was restarted; variables from earlier cells are gone.]";
    }

    private void startKernel(Cell cell, List<String> notes) throws IOException {
        if (python == null) {
            python = PythonLocator.find(users, directory());
        }
        kernelDirectory = directory();
        kernel = IPythonKernel.start(users, python, kernelDirectory, START_TIMEOUT_NANOS);
        LOG.log(System.Logger.Level.INFO, "IPython kernel started ({0}) in {1}", kernel.interpreter(), kernelDirectory);
        if (!cell.initCode.isBlank()) {
            CellOutput init = new CellOutput();
            long deadline = System.nanoTime() + (long) (cell.timeoutSeconds * 1e9);
            IPythonKernel.Outcome outcome = kernel.execute(cell.initCode, false, deadline, init);
            if (outcome != IPythonKernel.Outcome.COMPLETED) {
                kernel.interrupt();
                notes.add("[kernel_init_code did not complete within " + format(cell.timeoutSeconds) + " seconds.]");
            } else if (init.error() != null) {
                notes.add("[kernel_init_code failed: " + init.error() + "]");
            }
        }
    }

    /** Moves the kernel to the shell's directory when that changed since the last cell. */
    private void followShell() {
        Path directory = directory();
        if (directory.equals(kernelDirectory)) {
            return;
        }
        try {
            // a JSON string is a valid Python string literal (Jackson never writes "\/")
            String literal = JupyterWire.JSON.writeValueAsString(directory.toString());
            kernel.execute("import os as __sandpod_os; __sandpod_os.chdir(" + literal + "); del __sandpod_os", true,
                    System.nanoTime() + TimeUnit.SECONDS.toNanos(10), new CellOutput());
            kernelDirectory = directory;
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a path could not be written as JSON", e);
        }
    }

    private Path directory() {
        Path directory = sandbox.currentDirectory();
        return directory != null && Files.isDirectory(directory) ? directory : Path.of(System.getProperty("user.dir"));
    }

    private Observation observation(Cell cell, CellOutput output, boolean completed, List<String> before, List<String> after) {
        List<String> images = new ArrayList<>();
        StringBuilder content = new StringBuilder();
        before.forEach(note -> content.append(note).append('\n'));
        String printed = render(output, cell.era2025, images).stripTrailing();
        content.append(printed.isEmpty() && completed && after.isEmpty() ? NO_OUTPUT : printed);
        after.forEach(note -> content.append(content.isEmpty() ? "" : "\n").append(note));
        if (cell.includeExtra) {
            content.append("\n[Jupyter current working directory: ").append(sandbox.currentDirectory()).append(']');
            content.append("\n[Jupyter Python interpreter: ").append(kernel.interpreter()).append(']');
        }
        Map<String, Object> extras = new LinkedHashMap<>();
        extras.put("code", cell.code);
        if (cell.era2025) {
            extras.put("image_urls", images.isEmpty() ? null : images);
        }
        return new Observation(ActionTypes.RUN_IPYTHON, content.toString(), extras);
    }

    /**
     * The output as text. Images become Markdown in the text, as the 2024 server rendered them,
     * or (2025) data URLs in {@code images}, which the 2025 server sends in extras.image_urls.
     */
    private static String render(CellOutput output, boolean imagesApart, List<String> images) {
        StringBuilder text = new StringBuilder();
        for (CellOutput.Part part : output.parts()) {
            if (!part.image()) {
                text.append(part.value());
            } else if (imagesApart) {
                images.add("data:image/png;base64," + part.value());
            } else {
                text.append("\n![image](data:image/png;base64,").append(part.value()).append(")\n");
            }
        }
        return text.toString();
    }

    private static String format(double seconds) {
        return seconds == Math.rint(seconds) ? Long.toString((long) seconds) : Double.toString(seconds);
    }

    private void closeKernel() {
        if (kernel != null) {
            kernel.close();
            kernel = null;
            kernelDirectory = null;
        }
    }

    @Override
    public void close() {
        lock.lock();
        try {
            closeKernel();
        } finally {
            lock.unlock();
        }
    }
}
