package dev.sandpod.agent.browser;

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
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * {@code browse} (args {@code url}) and {@code browse_interactive} (args {@code browser_actions},
 * BrowserGym action calls) on the sandbox's one headless Chromium (plugin {@code browser}),
 * answered in OpenHands' browse observation shape ({@link BrowseObservations}).
 */
public final class BrowseExecutor implements ActionExecutor, AutoCloseable {

    /** OpenHands' default for an action without a timeout. */
    static final double DEFAULT_TIMEOUT_SECONDS = 120;

    private final Browser browser;
    private final boolean interactive;

    public BrowseExecutor(Browser browser, boolean interactive) {
        this.browser = browser;
        this.interactive = interactive;
    }

    @Override
    public String type() {
        return interactive ? ActionTypes.BROWSE_INTERACTIVE : ActionTypes.BROWSE;
    }

    @Override
    public Observation execute(Action action) {
        return execute(action, ActionContext.DEFAULT);
    }

    /**
     * Runs the browser actions and answers in the request's dialect: the {@code X-Sandpod-Dialect}
     * header or the agent's {@code --dialect} when given, else what the arguments tell (a client
     * that sends {@code return_axtree} is of the 2025 era; see {@code DialectChooser}).
     */
    @Override
    public Observation execute(Action action, ActionContext context) {
        String field = interactive ? "browser_actions" : "url";
        JsonNode value = action.args().path(field);
        if (!value.isTextual() || value.asText().isBlank()) {
            return Observation.error("ERROR: " + type() + " needs args." + field + (interactive
                    ? ", BrowserGym actions as text, e.g. {\"browser_actions\": \"goto('http://localhost:8000')\\nclick('12')\"}."
                    : ", the address to open, e.g. {\"url\": \"http://localhost:8000\"}."));
        }
        String actions = interactive ? value.asText() : "goto(" + json(browser.address(value.asText().strip())) + ")";
        boolean era2025 = context.dialect() == WireDialect.OPENHANDS_2025;
        boolean returnAxtree = action.args().path("return_axtree").asBoolean(false);
        double seconds = action.timeout() != null && action.timeout() > 0 && !action.timeout().isInfinite()
                ? action.timeout() : DEFAULT_TIMEOUT_SECONDS;
        return browser.run(type(), actions, seconds, era2025, returnAxtree);
    }

    private static String json(String text) {
        try {
            return CdpClient.JSON.writeValueAsString(text);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        browser.close();
    }

    /**
     * The sandbox's browser, shared by both actions: started on first use, started again when it
     * died (the caller is told), one action at a time.
     */
    public static final class Browser implements AutoCloseable {

        private static final System.Logger LOG = System.getLogger(Browser.class.getName());
        private static final long START_NANOS = TimeUnit.SECONDS.toNanos(60);

        private final UserProcesses users;
        private final SandboxContext sandbox;
        private final ReentrantLock lock = new ReentrantLock();
        private BrowserSession session;

        public Browser(UserProcesses users, SandboxContext sandbox) {
            this.users = users;
            this.sandbox = sandbox;
        }

        /**
         * The address to open for a {@code browse} url: as given when it has a scheme, a file
         * path (absolute, or relative to the shell's directory) as a file: URL, else http://.
         */
        String address(String url) {
            if (url.matches("(?i)^[a-z][a-z0-9+.-]*:.*") && !url.matches("(?i)^[a-z0-9.-]+:\\d+(/.*)?$")) {
                return url;
            }
            if (url.startsWith("/") || url.startsWith("./") || url.startsWith("../")) {
                return sandbox.currentDirectory().resolve(url).normalize().toUri().toString();
            }
            return "http://" + url;
        }

        Observation run(String type, String actions, double seconds, boolean era2025, boolean returnAxtree) {
            lock.lock();
            try {
                String restarted = "";
                if (session != null && !session.isAlive()) {
                    LOG.log(System.Logger.Level.WARNING, "the browser exited; starting a new one{0}", session.lastWords());
                    session.close();
                    session = null;
                    restarted = "[The browser had exited and was restarted; the pages that were open are gone.]\n";
                }
                if (session == null) {
                    try {
                        session = BrowserSession.start(users, directory(), START_NANOS);
                    } catch (IOException e) {
                        LOG.log(System.Logger.Level.ERROR, "the browser could not be started", e);
                        return Observation.error("ERROR: the browser could not be started: " + e.getMessage());
                    }
                }
                long started = System.nanoTime();
                long total = (long) (seconds * 1e9);
                // the snapshot after the actions needs a moment of the action's time too
                long deadline = started + total - Math.min(TimeUnit.SECONDS.toNanos(10), total / 4);
                String error = perform(actions, deadline);
                if (!session.isAlive()) {
                    // it died before or while the actions ran (killed, crashed): a new one runs them once more
                    LOG.log(System.Logger.Level.WARNING, "the browser exited during an action; starting a new one{0}", session.lastWords());
                    session.close();
                    session = null;
                    try {
                        session = BrowserSession.start(users, directory(), START_NANOS);
                    } catch (IOException e) {
                        return Observation.error("ERROR: the browser exited and could not be started again: " + e.getMessage());
                    }
                    restarted = "[The browser had exited and was restarted; the pages that were open are gone.]\n";
                    error = perform(actions, deadline);
                }
                PageSnapshot snapshot;
                try {
                    snapshot = PageSnapshot.take(session, session.activeTab());
                } catch (CdpClient.CdpException e) {
                    snapshot = PageSnapshot.empty(session.pages().urls().isEmpty() ? "" : session.pages().urls().getFirst());
                    error = (error.isEmpty() ? "" : error + "\n") + "Error: the page could not be read: " + e.getMessage();
                }
                BrowserSession.Pages pages = session.pages();
                BrowseObservations.Result result = new BrowseObservations.Result(type, actions, error, snapshot,
                        pages.urls(), pages.activeIndex(), restarted);
                return era2025 ? BrowseObservations.of2025(result, returnAxtree) : BrowseObservations.of2024(result);
            } finally {
                lock.unlock();
            }
        }

        /** Runs the calls in order, stopping at the first that fails; answers its error, or "". */
        private String perform(String actions, long deadline) {
            List<BrowserActionParser.Call> calls;
            try {
                calls = BrowserActionParser.parse(actions);
            } catch (BrowserActionParser.SyntaxError e) {
                return "SyntaxError: " + e.getMessage();
            }
            if (calls.isEmpty()) {
                return "SyntaxError: no browser action given; send calls such as goto(\"http://localhost:8000\") or click(\"12\")";
            }
            PageActions page = new PageActions(session);
            for (BrowserActionParser.Call call : calls) {
                try {
                    Map<String, Object> args = ActionArguments.bind(call);
                    page.run(call.name(), args, deadline);
                } catch (PageActions.ActionError e) {
                    return e.getMessage();
                } catch (CdpClient.CdpException e) {
                    return "Error: " + e.getMessage() + " (in " + call.source() + ")";
                }
            }
            return "";
        }

        private Path directory() {
            Path directory = sandbox.currentDirectory();
            return directory != null && directory.toFile().isDirectory() ? directory : Path.of(System.getProperty("user.dir"));
        }

        @Override
        public void close() {
            lock.lock();
            try {
                if (session != null) {
                    session.close();
                    session = null;
                }
            } finally {
                lock.unlock();
            }
        }
    }
}
