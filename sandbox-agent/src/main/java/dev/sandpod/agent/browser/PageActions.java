package dev.sandpod.agent.browser;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * BrowserGym's action functions on the active tab, through DevTools: real mouse and key events
 * for clicks and keys, Input.insertText for typing, navigation waited on until the page's load
 * event (or the deadline, then a TimeoutError and loading stopped). Errors read like BrowserGym's
 * (Playwright's) so that a model trained on them knows what they mean.
 */
final class PageActions {

    /** A failed action; the message is what {@code last_browser_action_error} says. */
    static final class ActionError extends Exception {
        ActionError(String message) {
            super(message);
        }
    }

    /** Finds an element by bid in the document and its open shadow roots. */
    private static final String FIND = """
            ((bid) => {
              const walk = (root) => {
                const el = root.querySelector('[bid="' + CSS.escape(bid) + '"]');
                if (el) return el;
                for (const host of root.querySelectorAll('*')) {
                  if (host.shadowRoot) { const found = walk(host.shadowRoot); if (found) return found; }
                }
                return null;
              };
              return walk(document);
            })""";
    private static final long NAVIGATION_GRACE_NANOS = TimeUnit.MILLISECONDS.toNanos(150);

    private final BrowserSession browser;

    PageActions(BrowserSession browser) {
        this.browser = browser;
    }

    /** Runs one bound call on the active tab. */
    void run(String name, Map<String, Object> args, long deadline) throws ActionError, CdpClient.CdpException {
        Tab tab = browser.activeTab();
        switch (name) {
            case "goto" -> navigate(tab, ActionArguments.text(args, "url"), deadline);
            case "go_back", "go_forward" -> history(tab, name.equals("go_back") ? -1 : 1, deadline);
            case "click", "dblclick" -> {
                double[] at = locate(tab, ActionArguments.bid(args));
                int clicks = name.equals("click") ? 1 : 2;
                whileNavigating(tab, deadline, () -> mouseClick(tab, at[0], at[1], ActionArguments.button(args), ActionArguments.modifiers(args), clicks));
            }
            case "mouse_click" -> whileNavigating(tab, deadline,
                    () -> mouseClick(tab, ActionArguments.number(args, "x", 0), ActionArguments.number(args, "y", 0), ActionArguments.button(args), 0, 1));
            case "hover" -> {
                double[] at = locate(tab, ActionArguments.bid(args));
                mouse(tab, "mouseMoved", at[0], at[1], "none", 0, 0);
            }
            case "fill", "clear" -> fill(tab, ActionArguments.bid(args), name.equals("fill") ? ActionArguments.text(args, "value") : "");
            case "focus" -> element(tab, ActionArguments.bid(args), "el.focus(); return null;");
            case "check", "uncheck" -> {
                String bid = ActionArguments.bid(args);
                boolean wanted = name.equals("check");
                JsonNode checked = element(tab, bid, "return el.checked === true;");
                if (checked.asBoolean() != wanted) {
                    double[] at = locate(tab, bid);
                    whileNavigating(tab, deadline, () -> mouseClick(tab, at[0], at[1], "left", 0, 1));
                }
            }
            case "select_option" -> selectOption(tab, ActionArguments.bid(args), args.get("options"));
            case "press" -> {
                element(tab, ActionArguments.bid(args), "el.focus(); return null;");
                String keys = ActionArguments.text(args, "key_comb");
                whileNavigating(tab, deadline, () -> keys(tab, keys));
            }
            case "keyboard_press" -> {
                String keys = ActionArguments.text(args, "key");
                whileNavigating(tab, deadline, () -> keys(tab, keys));
            }
            case "keyboard_type" -> browser.call(tab, "Input.insertText", CdpClient.JSON.createObjectNode().put("text", ActionArguments.text(args, "text")));
            case "scroll" -> {
                ObjectNode wheel = CdpClient.JSON.createObjectNode().put("type", "mouseWheel").put("x", 640).put("y", 360)
                        .put("deltaX", ActionArguments.number(args, "delta_x", 0)).put("deltaY", ActionArguments.number(args, "delta_y", 0));
                browser.call(tab, "Input.dispatchMouseEvent", wheel);
                evaluate(browser, tab, "new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))");
            }
            case "new_tab" -> browser.newTab();
            case "tab_focus" -> browser.focusTab((int) ActionArguments.number(args, "index", 0));
            case "tab_close" -> browser.closeTab();
            case "noop" -> sleep(Math.min(TimeUnit.MILLISECONDS.toNanos((long) ActionArguments.number(args, "wait_ms", 1000)), deadline - System.nanoTime()));
            case "send_msg_to_user", "report_infeasible" -> {
                // messages for the user, which OpenHands takes from the action itself; nothing happens in the page
            }
            default -> throw new ActionError("NameError: the browser action '" + name + "' is not supported");
        }
    }

    // ---- navigation ----

    private void navigate(Tab tab, String url, long deadline) throws ActionError, CdpClient.CdpException {
        long before = browser.navigations(tab);
        JsonNode result;
        try {
            result = browser.call(tab, "Page.navigate", CdpClient.JSON.createObjectNode().put("url", url), millisUntil(deadline));
        } catch (CdpClient.CdpException e) {
            if (System.nanoTime() < deadline - TimeUnit.MILLISECONDS.toNanos(100)) {
                throw e;
            }
            stopLoading(tab);
            throw timeout(url, deadline);
        }
        if (result.hasNonNull("errorText") && !result.get("errorText").asText().isEmpty()) {
            throw new ActionError("Error: " + result.get("errorText").asText() + " at " + url);
        }
        if (result.hasNonNull("loaderId")) {
            // a same-document navigation (#fragment) has no loader and fires no load event
            browser.awaitChange(() -> tab.navigations != before, Math.min(deadline, System.nanoTime() + NAVIGATION_GRACE_NANOS));
            awaitLoaded(tab, url, deadline);
        }
    }

    private void history(Tab tab, int step, long deadline) throws ActionError, CdpClient.CdpException {
        JsonNode history = browser.call(tab, "Page.getNavigationHistory", null);
        int target = history.path("currentIndex").asInt() + step;
        JsonNode entries = history.path("entries");
        if (target < 0 || target >= entries.size()) {
            return; // as Playwright: nothing to go back (or forward) to is not an error
        }
        int entryId = entries.get(target).path("id").asInt();
        whileNavigating(tab, deadline, () -> browser.call(tab, "Page.navigateToHistoryEntry",
                CdpClient.JSON.createObjectNode().put("entryId", entryId)));
    }

    private interface Step {
        void run() throws CdpClient.CdpException, ActionError;
    }

    /**
     * Runs a step that may start a navigation (a click on a link, Enter in a form) and, when it
     * does, waits for the new page's load event. A tab the step opened becomes the active one
     * and is waited on too.
     */
    private void whileNavigating(Tab tab, long deadline, Step step) throws ActionError, CdpClient.CdpException {
        long before = browser.navigations(tab);
        step.run();
        try {
            // lets the tasks the step queued run (a form submission is posted as a task): a
            // navigation they start is requested by the time this answers
            evaluate(browser, tab, "new Promise(r => setTimeout(r, 50))");
        } catch (CdpClient.CdpException e) {
            // the document went away under the script: it navigated
        }
        boolean navigated = browser.awaitChange(() -> tab.navigations != before,
                Math.min(deadline, System.nanoTime() + NAVIGATION_GRACE_NANOS));
        if (navigated || browser.isLoading(tab)) {
            awaitLoaded(tab, tab.url, deadline);
        }
        Tab now = browser.activeTab();
        if (now != tab) {
            awaitReady(now, deadline);
        }
    }

    private void awaitLoaded(Tab tab, String url, long deadline) throws ActionError, CdpClient.CdpException {
        if (!browser.awaitChange(() -> !tab.loading, deadline)) {
            stopLoading(tab);
            throw timeout(url, deadline);
        }
    }

    /** For a tab attached after it started loading (its events were missed): polls its readyState. */
    private void awaitReady(Tab tab, long deadline) throws ActionError, CdpClient.CdpException {
        while (!evaluate(browser, tab, "document.readyState").asText().equals("complete")) {
            if (System.nanoTime() >= deadline) {
                stopLoading(tab);
                throw timeout(tab.url, deadline);
            }
            sleep(TimeUnit.MILLISECONDS.toNanos(50));
        }
    }

    private void stopLoading(Tab tab) {
        try {
            browser.call(tab, "Page.stopLoading", null, 5_000);
        } catch (CdpClient.CdpException e) {
            // the page is shown as it is
        }
    }

    private ActionError timeout(String url, long deadline) {
        return new ActionError("TimeoutError: the page " + url + " did not finish loading within the action's timeout; "
                + "loading was stopped and the page is shown as far as it loaded.");
    }

    // ---- elements ----

    /** Scrolls the element into view and answers its centre. */
    private double[] locate(Tab tab, String bid) throws ActionError, CdpClient.CdpException {
        JsonNode box = element(tab, bid, """
                el.scrollIntoView({block: 'center', inline: 'center', behavior: 'instant'});
                const r = el.getBoundingClientRect();
                return {x: r.left + r.width / 2, y: r.top + r.height / 2, w: r.width, h: r.height};""");
        if (box.path("w").asDouble() <= 0 || box.path("h").asDouble() <= 0) {
            throw new ActionError("Error: element with bid \"" + bid + "\" is not visible (it has no size on the page)");
        }
        return new double[]{box.path("x").asDouble(), box.path("y").asDouble()};
    }

    /** Runs {@code body} (a function body with {@code el} bound) on the element with that bid. */
    private JsonNode element(Tab tab, String bid, String body) throws ActionError, CdpClient.CdpException {
        JsonNode result = evaluate(browser, tab, "(() => { const el = " + FIND + "(" + json(bid) + ");"
                + " if (!el) return {__missing: true}; return (() => {" + body + "})(); })()");
        if (result.path("__missing").asBoolean(false)) {
            throw new ActionError("ValueError: Could not find element with bid \"" + bid + "\"");
        }
        return result;
    }

    private void fill(Tab tab, String bid, String value) throws ActionError, CdpClient.CdpException {
        JsonNode state = element(tab, bid, """
                const tag = el.tagName.toLowerCase();
                const typed = tag === 'input' && ['checkbox', 'radio', 'file', 'submit', 'button', 'image', 'reset', 'range', 'color'].includes(el.type);
                if (!(tag === 'input' || tag === 'textarea' || el.isContentEditable) || typed) return {refused: typed ? 'input of type ' + el.type : '<' + tag + '>'};
                el.scrollIntoView({block: 'center', behavior: 'instant'});
                el.focus();
                if (tag === 'input' || tag === 'textarea') { el.select(); }
                else { const range = document.createRange(); range.selectNodeContents(el); const s = getSelection(); s.removeAllRanges(); s.addRange(range); }
                return {ok: true};""");
        if (state.has("refused")) {
            throw new ActionError("Error: Element is not an <input>, <textarea> or [contenteditable] element (bid \"" + bid
                    + "\" is " + state.get("refused").asText() + ")");
        }
        if (value.isEmpty()) {
            keys(tab, "Delete");
        } else {
            browser.call(tab, "Input.insertText", CdpClient.JSON.createObjectNode().put("text", value));
        }
    }

    private void selectOption(Tab tab, String bid, Object options) throws ActionError, CdpClient.CdpException {
        List<String> wanted = new ArrayList<>();
        if (options instanceof List<?> list) {
            list.forEach(o -> wanted.add(String.valueOf(o)));
        } else if (options != null) {
            wanted.add(String.valueOf(options));
        }
        JsonNode result = element(tab, bid, "const wanted = " + json(wanted) + ";" + """
                if (el.tagName.toLowerCase() !== 'select') return {error: 'Error: Element is not a <select> element'};
                const options = Array.from(el.options);
                const picked = [];
                for (const w of wanted) {
                  const o = options.find(o => o.value === w) || options.find(o => o.label === w || o.text.trim() === w);
                  if (!o) return {error: 'Error: no option ' + JSON.stringify(w) + ' in the <select>; its options: '
                      + options.map(o => JSON.stringify(o.label)).join(', ')};
                  picked.push(o);
                }
                if (!el.multiple && picked.length > 1) return {error: 'Error: the <select> takes one option, got ' + picked.length};
                for (const o of options) o.selected = picked.includes(o);
                el.dispatchEvent(new Event('input', {bubbles: true}));
                el.dispatchEvent(new Event('change', {bubbles: true}));
                return {ok: true};""");
        if (result.has("error")) {
            throw new ActionError(result.get("error").asText());
        }
    }

    // ---- input events ----

    private void mouseClick(Tab tab, double x, double y, String button, int modifiers, int clicks) throws CdpClient.CdpException {
        mouse(tab, "mouseMoved", x, y, "none", modifiers, 0);
        for (int click = 1; click <= clicks; click++) {
            mouse(tab, "mousePressed", x, y, button, modifiers, click);
            mouse(tab, "mouseReleased", x, y, button, modifiers, click);
        }
    }

    private void mouse(Tab tab, String type, double x, double y, String button, int modifiers, int clicks) throws CdpClient.CdpException {
        browser.call(tab, "Input.dispatchMouseEvent", CdpClient.JSON.createObjectNode()
                .put("type", type).put("x", x).put("y", y).put("button", button)
                .put("modifiers", modifiers).put("clickCount", clicks));
    }

    private void keys(Tab tab, String combination) throws ActionError, CdpClient.CdpException {
        List<ObjectNode> events;
        try {
            events = Keys.events(combination);
        } catch (IllegalArgumentException e) {
            throw new ActionError("Error: " + e.getMessage());
        }
        for (ObjectNode event : events) {
            browser.call(tab, "Input.dispatchKeyEvent", event);
        }
    }

    // ---- values ----

    /** Evaluates an expression in the tab (promises awaited); the value, or an ActionError with the page's exception. */
    static JsonNode evaluate(BrowserSession browser, Tab tab, String expression) throws CdpClient.CdpException {
        JsonNode result = browser.call(tab, "Runtime.evaluate", CdpClient.JSON.createObjectNode()
                .put("expression", expression).put("returnByValue", true).put("awaitPromise", true));
        if (result.has("exceptionDetails")) {
            JsonNode details = result.get("exceptionDetails");
            throw new CdpClient.CdpException("the page's script failed: "
                    + details.path("exception").path("description").asText(details.path("text").asText()));
        }
        return result.path("result").path("value");
    }

    private static String json(Object value) {
        try {
            return CdpClient.JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static long millisUntil(long deadline) {
        return Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()));
    }

    private static void sleep(long nanos) {
        if (nanos <= 0) {
            return;
        }
        try {
            TimeUnit.NANOSECONDS.sleep(nanos);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
