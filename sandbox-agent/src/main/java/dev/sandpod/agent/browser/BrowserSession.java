package dev.sandpod.agent.browser;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sandpod.agent.plugins.UserProcesses;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;

/**
 * The browser of a sandbox: one Chromium and its tabs. Tabs opened by pages (a link with
 * {@code target=_blank}, {@code window.open}) become the active tab, as in BrowserGym. The
 * DevTools events keep each tab's URL, title and loading state current; actions wait on them.
 */
final class BrowserSession implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(BrowserSession.class.getName());
    static final long CALL_MILLIS = 15_000;

    private final ChromiumProcess chromium;
    private final CdpClient cdp;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final List<Tab> tabs = new ArrayList<>();
    private Tab active;

    private BrowserSession(ChromiumProcess chromium) throws IOException {
        this.chromium = chromium;
        this.cdp = CdpClient.connect(chromium.endpoint(), this::onEvent);
        // Chromium's orphaned helpers can keep the DevTools connection open after it died: fail
        // the commands waiting on it at once instead of at their timeout
        chromium.onExit(() -> cdp.closed("Chromium exited"));
    }

    static BrowserSession start(UserProcesses users, Path directory, long timeoutNanos) throws IOException {
        ChromiumProcess chromium = ChromiumProcess.start(users, directory, timeoutNanos);
        BrowserSession session = null;
        try {
            session = new BrowserSession(chromium);
            session.discover();
            return session;
        } catch (IOException | RuntimeException e) {
            if (session != null) {
                session.close();
            } else {
                chromium.close();
            }
            throw e;
        } catch (CdpClient.CdpException e) {
            session.close();
            throw new IOException("Chromium started but did not answer: " + e.getMessage() + chromium.lastWords(), e);
        }
    }

    private void discover() throws CdpClient.CdpException {
        cdp.call("Target.setDiscoverTargets", CdpClient.JSON.createObjectNode().put("discover", true), null, CALL_MILLIS);
        JsonNode targets = cdp.call("Target.getTargets", null, null, CALL_MILLIS).path("targetInfos");
        lock.lock();
        try {
            for (JsonNode info : targets) {
                if (info.path("type").asText().equals("page") && find(info.path("targetId").asText()) == null) {
                    Tab tab = new Tab(info.path("targetId").asText());
                    tab.url = info.path("url").asText();
                    tabs.add(tab);
                }
            }
            active = tabs.isEmpty() ? null : tabs.getFirst();
        } finally {
            lock.unlock();
        }
        if (active == null) {
            newTab();
        }
    }

    boolean isAlive() {
        return chromium.isAlive() && cdp.isOpen();
    }

    String lastWords() {
        return chromium.lastWords();
    }

    // ---- events (the connection's thread: never wait here) ----

    private void onEvent(JsonNode event) {
        String method = event.path("method").asText();
        JsonNode params = event.path("params");
        if (method.equals("Page.javascriptDialogOpening")) {
            // an alert/confirm/prompt blocks the page's scripts until answered; dismiss it as Playwright does
            String session = event.path("sessionId").asText(null);
            Thread.ofVirtual().start(() -> {
                try {
                    cdp.call("Page.handleJavaScriptDialog", CdpClient.JSON.createObjectNode().put("accept", false), session, CALL_MILLIS);
                } catch (CdpClient.CdpException e) {
                    LOG.log(System.Logger.Level.DEBUG, "dialog not dismissed: {0}", e.getMessage());
                }
            });
            return;
        }
        lock.lock();
        try {
            switch (method) {
                case "Target.targetCreated" -> {
                    JsonNode info = params.path("targetInfo");
                    if (info.path("type").asText().equals("page") && find(info.path("targetId").asText()) == null) {
                        Tab tab = new Tab(info.path("targetId").asText());
                        tab.url = info.path("url").asText();
                        tabs.add(tab);
                        if (info.hasNonNull("openerId") || active == null) {
                            active = tab;
                        }
                    }
                }
                case "Target.targetInfoChanged" -> {
                    JsonNode info = params.path("targetInfo");
                    Tab tab = find(info.path("targetId").asText());
                    if (tab != null) {
                        tab.url = info.path("url").asText();
                        tab.title = info.path("title").asText();
                    }
                }
                case "Target.targetDestroyed" -> {
                    Tab tab = find(params.path("targetId").asText());
                    if (tab != null) {
                        int index = tabs.indexOf(tab);
                        tabs.remove(tab);
                        if (active == tab) {
                            active = tabs.isEmpty() ? null : tabs.get(Math.max(0, Math.min(index, tabs.size()) - 1));
                        }
                    }
                }
                case "Target.detachedFromTarget" -> tabs.stream()
                        .filter(t -> params.path("sessionId").asText().equals(t.sessionId))
                        .forEach(t -> t.sessionId = null);
                case "Page.frameStartedLoading", "Page.frameRequestedNavigation", "Page.frameStoppedLoading" -> {
                    Tab tab = bySession(event.path("sessionId").asText());
                    if (tab != null && params.path("frameId").asText().equals(tab.targetId)) {
                        if (method.equals("Page.frameStoppedLoading")) {
                            tab.loading = false;
                        } else {
                            tab.loading |= method.equals("Page.frameStartedLoading");
                            tab.navigations++;
                        }
                    }
                }
                default -> {
                    return;
                }
            }
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    private Tab find(String targetId) {
        return tabs.stream().filter(t -> t.targetId.equals(targetId)).findFirst().orElse(null);
    }

    private Tab bySession(String sessionId) {
        return tabs.stream().filter(t -> sessionId.equals(t.sessionId)).findFirst().orElse(null);
    }

    // ---- what actions use ----

    /** The active tab, attached (its session open, page events on); a new blank tab when none is left. */
    Tab activeTab() throws CdpClient.CdpException {
        Tab tab = locked(() -> active);
        if (tab == null) {
            newTab();
            tab = locked(() -> active);
            if (tab == null) {
                throw new CdpClient.CdpException("the browser has no page and could not open one");
            }
        }
        if (tab.sessionId == null) {
            attach(tab);
        }
        return tab;
    }

    private void attach(Tab tab) throws CdpClient.CdpException {
        JsonNode attached = cdp.call("Target.attachToTarget",
                CdpClient.JSON.createObjectNode().put("targetId", tab.targetId).put("flatten", true), null, CALL_MILLIS);
        lock.lock();
        try {
            tab.sessionId = attached.path("sessionId").asText();
        } finally {
            lock.unlock();
        }
        call(tab, "Page.enable", null);
        call(tab, "Emulation.setFocusEmulationEnabled", CdpClient.JSON.createObjectNode().put("enabled", true));
    }

    JsonNode call(Tab tab, String method, ObjectNode params) throws CdpClient.CdpException {
        return cdp.call(method, params, tab.sessionId, CALL_MILLIS);
    }

    JsonNode call(Tab tab, String method, ObjectNode params, long millis) throws CdpClient.CdpException {
        return cdp.call(method, params, tab.sessionId, millis);
    }

    /** Opens a blank tab and makes it the active one. */
    void newTab() throws CdpClient.CdpException {
        String targetId = cdp.call("Target.createTarget", CdpClient.JSON.createObjectNode().put("url", "about:blank"), null, CALL_MILLIS)
                .path("targetId").asText();
        lock.lock();
        try {
            Tab tab = find(targetId);
            if (tab == null) {
                tab = new Tab(targetId);
                tabs.add(tab);
            }
            active = tab;
        } finally {
            lock.unlock();
        }
    }

    /** Makes the tab at {@code index} active. */
    void focusTab(int index) throws CdpClient.CdpException {
        Tab tab;
        lock.lock();
        try {
            if (index < 0 || index >= tabs.size()) {
                throw new CdpClient.CdpException("there is no tab " + index + "; open tabs: 0 to " + (tabs.size() - 1));
            }
            tab = tabs.get(index);
            active = tab;
        } finally {
            lock.unlock();
        }
        cdp.call("Target.activateTarget", CdpClient.JSON.createObjectNode().put("targetId", tab.targetId), null, CALL_MILLIS);
    }

    /** Closes the active tab; the previous one becomes active (a blank one opens when it was the last). */
    void closeTab() throws CdpClient.CdpException {
        Tab tab = activeTab();
        cdp.call("Target.closeTarget", CdpClient.JSON.createObjectNode().put("targetId", tab.targetId), null, CALL_MILLIS);
        awaitChange(() -> find(tab.targetId) == null, System.nanoTime() + TimeUnit.SECONDS.toNanos(5));
        lock.lock();
        try {
            if (find(tab.targetId) != null) {
                int index = tabs.indexOf(tab);
                tabs.remove(tab);
                active = tabs.isEmpty() ? null : tabs.get(Math.max(0, index - 1));
            }
        } finally {
            lock.unlock();
        }
    }

    /** The tab's navigation counter now, to tell later whether an action navigated. */
    long navigations(Tab tab) {
        return locked(() -> tab.navigations);
    }

    /** A value read under the lock, which the event thread updates under. */
    private <T> T locked(java.util.function.Supplier<T> read) {
        lock.lock();
        try {
            return read.get();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Waits until {@code condition} (read under the lock) holds or {@code deadline} passes;
     * answers whether it held.
     */
    boolean awaitChange(BooleanSupplier condition, long deadline) {
        lock.lock();
        try {
            while (!condition.getAsBoolean()) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                changed.awaitNanos(left);
            }
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } finally {
            lock.unlock();
        }
    }

    boolean isLoading(Tab tab) {
        return locked(() -> tab.loading);
    }

    /** The URLs of the open tabs, in order, and which is active. */
    record Pages(List<String> urls, int activeIndex) {
    }

    Pages pages() {
        return locked(() -> new Pages(tabs.stream().map(t -> t.url).toList(), tabs.indexOf(active)));
    }

    @Override
    public void close() {
        cdp.close();
        chromium.close();
    }
}
