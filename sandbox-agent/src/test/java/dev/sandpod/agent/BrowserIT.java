package dev.sandpod.agent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;

import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static dev.sandpod.agent.AgentHarness.JSON;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code browse} and {@code browse_interactive} over real HTTP with a real headless Chromium
 * (plugin {@code browser}), against pages this test serves: both eras' observation shapes, links,
 * forms, keys, tabs, scrolling, and every error path (bad bids, bad syntax, unknown actions, pages
 * that never load, refused connections, a dead browser).
 */
@EnabledIf(value = "dev.sandpod.agent.PluginHosts#browserTestable",
        disabledReason = "needs chromium on this host (apt-get install chromium); CI requires it")
class BrowserIT {

    static AgentHarness agent;
    static TestPages pages;

    @BeforeAll
    static void start() throws Exception {
        agent = AgentHarness.start("--plugins", "browser");
        pages = TestPages.start(hostTheSandboxReaches());
    }

    @AfterAll
    static void stop() {
        if (pages != null) {
            pages.close();
        }
        agent.close();
    }

    /** Loopback for an agent in this JVM; for one in a container, its default gateway (this host on Docker's bridge). */
    static String hostTheSandboxReaches() throws Exception {
        String configured = System.getenv("SANDPOD_TEST_PAGES_HOST");
        if (configured != null && !configured.isBlank()) {
            return configured;
        }
        if (!AgentHarness.remote()) {
            return "127.0.0.1";
        }
        String hex = agent.run("while read -r iface dest gw rest; do [ \"$dest\" = 00000000 ] && echo \"$gw\" && break; done < /proc/net/route")
                .path("content").asText().strip();
        long gateway = Long.parseLong(hex, 16);
        return (gateway & 0xFF) + "." + ((gateway >> 8) & 0xFF) + "." + ((gateway >> 16) & 0xFF) + "." + ((gateway >> 24) & 0xFF);
    }

    static JsonNode browse(String url, Boolean returnAxtree, Double timeout) throws Exception {
        ObjectNode action = JSON.createObjectNode().put("action", "browse");
        ObjectNode args = action.putObject("args").put("url", url);
        if (returnAxtree != null) {
            args.put("return_axtree", returnAxtree);
        }
        if (timeout != null) {
            action.put("timeout", timeout);
        }
        return observation(action);
    }

    static JsonNode interact(String actions) throws Exception {
        return interact(actions, false, null);
    }

    static JsonNode interact(String actions, boolean returnAxtree, Double timeout) throws Exception {
        ObjectNode action = JSON.createObjectNode().put("action", "browse_interactive");
        action.putObject("args").put("browser_actions", actions).put("return_axtree", returnAxtree);
        if (timeout != null) {
            action.put("timeout", timeout);
        }
        return observation(action);
    }

    private static JsonNode observation(ObjectNode action) throws Exception {
        JsonNode observation = agent.action(action);
        assertEquals("browse", observation.path("observation").asText(), observation.toString());
        return observation;
    }

    static Set<String> fields(JsonNode observation) {
        Set<String> names = new java.util.HashSet<>();
        observation.path("extras").fieldNames().forEachRemaining(names::add);
        return names;
    }

    /** The bid of the first node with this role and name in the observation's accessibility tree text. */
    static String bid(JsonNode observation, String role, String name) {
        String content = observation.path("content").asText();
        Matcher matcher = Pattern.compile("\\[(\\w+)] " + Pattern.quote(role) + " '" + Pattern.quote(name) + "'").matcher(content);
        assertTrue(matcher.find(), "no " + role + " '" + name + "' in:\n" + content);
        return matcher.group(1);
    }

    /** The observation without its screenshot, for assertion messages. */
    static String brief(JsonNode observation) {
        JsonNode copy = observation.deepCopy();
        ((ObjectNode) copy.path("extras")).remove(List.of("screenshot", "axtree_object", "extra_element_properties"));
        return copy.toString();
    }

    static String error(JsonNode observation) {
        return observation.path("extras").path("last_browser_action_error").asText();
    }

    @Test
    void browseAnswersTheOlderShapeWithMarkdownScreenshotAndTree() throws Exception {
        JsonNode observation = browse(pages.url("/"), null, null);
        JsonNode extras = observation.path("extras");
        assertEquals(OpenHandsClients.BROWSER_OUTPUT_2024, fields(observation), "a 2024 client's dataclass takes exactly these fields");
        String content = observation.path("content").asText();
        assertTrue(content.contains("# Sandpod test page"), content);
        assertTrue(content.contains("**bold**"), content);
        assertTrue(content.contains("[Second page](" + pages.url("/second") + ")"), content);
        assertTrue(content.contains("* first item"), content);
        assertTrue(content.contains("a picture"), content);
        assertEquals(pages.url("/"), extras.path("url").asText());
        assertFalse(extras.path("error").asBoolean(), brief(observation));
        byte[] png = Base64.getDecoder().decode(extras.path("screenshot").asText());
        assertTrue(png.length > 1000 && png[1] == 'P' && png[2] == 'N' && png[3] == 'G', "a PNG screenshot");
        boolean linkWithBid = false;
        for (JsonNode node : extras.path("axtree_object").path("nodes")) {
            linkWithBid |= node.path("role").path("value").asText().equals("link") && node.hasNonNull("browsergym_id");
        }
        assertTrue(linkWithBid, "the raw tree's link nodes carry their bids");
        assertEquals(pages.url("/"), extras.path("open_pages_urls").get(0).asText());
        assertEquals("goto(\"" + pages.url("/") + "\")", extras.path("last_browser_action").asText());
    }

    @Test
    void browseAnswersTheNewerShapeWhenTheClientSendsReturnAxtree() throws Exception {
        JsonNode observation = browse(pages.url("/second"), false, null);
        JsonNode extras = observation.path("extras");
        assertEquals(OpenHandsClients.BROWSER_OUTPUT_2025, fields(observation), "a 2025 client's dataclass takes exactly these fields");
        String content = observation.path("content").asText();
        assertTrue(content.startsWith("[Current URL: " + pages.url("/second") + "]\n============== BEGIN webpage content ==============\n"), content);
        assertTrue(content.contains("## This is the second page"), content);
        assertTrue(extras.path("screenshot").asText().startsWith("data:image/png;base64,iVBOR"), "a PNG data URL");
        assertEquals("browse", extras.path("trigger_by_action").asText());
        assertTrue(extras.path("axtree_object").isEmpty(), "no raw tree unless return_axtree");

        JsonNode withTree = browse(pages.url("/second"), true, null);
        assertFalse(withTree.path("extras").path("axtree_object").path("nodes").isEmpty(), brief(withTree));
    }

    /** A browse answered in the 2024 dialect: BrowserOutputObservation of 2d5b360505d8, the page's Markdown, a bare base64 PNG, the tree. */
    static void assert2024Browse(JsonNode observation, String url) {
        OpenHandsClients.assertAccepted(WireDialect.OPENHANDS_2024, OpenHandsClients.BROWSER_OUTPUT_2024,
                OpenHandsClients.BROWSER_OUTPUT_2025, false, observation);
        JsonNode extras = observation.path("extras");
        assertEquals(url, extras.path("url").asText(), brief(observation));
        assertEquals("Visited " + url, observation.path("message").asText());
        assertFalse(observation.path("content").asText().startsWith("[Current URL: "), brief(observation));
        assertTrue(extras.path("screenshot").asText().startsWith("iVBOR"), "a bare base64 PNG");
        assertFalse(extras.path("axtree_object").path("nodes").isEmpty(), "2024's agents render the bids from the raw tree");
    }

    /** A browse answered in the 2025 dialect: BrowserOutputObservation of 156d0686c4, get_agent_obs_text as content, a data URL. */
    static void assert2025Browse(JsonNode observation, String url, String trigger) {
        OpenHandsClients.assertAccepted(WireDialect.OPENHANDS_2025, OpenHandsClients.BROWSER_OUTPUT_2024,
                OpenHandsClients.BROWSER_OUTPUT_2025, false, observation);
        JsonNode extras = observation.path("extras");
        assertEquals(url, extras.path("url").asText(), brief(observation));
        assertEquals(trigger, extras.path("trigger_by_action").asText());
        assertEquals("Visited " + url, observation.path("message").asText());
        assertTrue(observation.path("content").asText().startsWith("[Current URL: " + url + "]\n"), brief(observation));
        assertTrue(extras.path("screenshot").asText().startsWith("data:image/png;base64,iVBOR"), "a PNG data URL");
    }

    @Test
    void eachErasClientGetsOnlyFieldsItsDataclassTakes() throws Exception {
        assert2024Browse(agent.action(OpenHandsClients.browse2024(pages.url("/"))), pages.url("/"));
        assert2024Browse(agent.action(OpenHandsClients.interactive2024("goto('" + pages.url("/second") + "')")), pages.url("/second"));
        assert2025Browse(agent.action(OpenHandsClients.browse2025(pages.url("/"), false)), pages.url("/"), "browse");
        assert2025Browse(agent.action(OpenHandsClients.interactive2025("goto('" + pages.url("/second") + "')", true)),
                pages.url("/second"), "browse_interactive");
    }

    @Test
    void theDialectHeaderDecidesTheBrowseShapeWhateverTheArgumentsSay() throws Exception {
        java.util.Map<String, String> as2024 = java.util.Map.of(WireDialect.HEADER, "2024");
        java.util.Map<String, String> as2025 = java.util.Map.of(WireDialect.HEADER, "2025");
        assert2024Browse(agent.action(OpenHandsClients.browse2025(pages.url("/"), false), as2024), pages.url("/"));
        assert2024Browse(agent.action(OpenHandsClients.interactive2025("goto('" + pages.url("/second") + "')", false), as2024),
                pages.url("/second"));
        assert2025Browse(agent.action(OpenHandsClients.browse2024(pages.url("/")), as2025), pages.url("/"), "browse");
        assert2025Browse(agent.action(OpenHandsClients.interactive2024("goto('" + pages.url("/second") + "')"), as2025),
                pages.url("/second"), "browse_interactive");
        ObjectNode bare = JSON.createObjectNode().put("action", "browse");
        bare.putObject("args").put("url", pages.url("/"));
        assert2025Browse(agent.action(bare, as2025), pages.url("/"), "browse");
    }

    @Test
    void theAgentsDialectFlagReachesTheBrowsersAnswers() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeFalse(AgentHarness.remote(), "starts an agent of its own with --dialect");
        try (AgentHarness forced = AgentHarness.start("--plugins", "browser", "--dialect", "2025")) {
            ObjectNode bare = JSON.createObjectNode().put("action", "browse");
            bare.putObject("args").put("url", pages.url("/second"));
            assert2025Browse(forced.action(bare), pages.url("/second"), "browse");
            assert2025Browse(forced.action(OpenHandsClients.browse2024(pages.url("/"))), pages.url("/"), "browse");
            assert2024Browse(forced.action(OpenHandsClients.browse2025(pages.url("/"), false),
                    java.util.Map.of(WireDialect.HEADER, "2024")), pages.url("/"));
        }
    }

    @Test
    void clickFollowsALinkAndHistoryGoesBackAndForward() throws Exception {
        JsonNode home = interact("goto(\"" + pages.url("/") + "\")");
        String content = home.path("content").asText();
        assertTrue(content.startsWith("[Current URL: " + pages.url("/") + "]\n[Focused element bid: "), content);
        assertTrue(content.contains("[Action executed successfully.]\nAccessibility tree of the COMPLETE webpage:\n"), content);
        assertTrue(content.contains("RootWebArea 'Sandpod test page'"), content);
        assertEquals("browse_interactive", home.path("extras").path("trigger_by_action").asText());
        String link = bid(home, "link", "Second page");
        assertTrue(content.contains("[" + link + "] link 'Second page', clickable"), content);

        JsonNode second = interact("click('" + link + "')");
        assertEquals(pages.url("/second"), second.path("extras").path("url").asText(), second.path("content").asText());
        assertTrue(second.path("content").asText().contains("heading 'This is the second page'"), second.path("content").asText());

        JsonNode back = interact("go_back()");
        assertEquals(pages.url("/"), back.path("extras").path("url").asText());
        JsonNode forward = interact("go_forward()");
        assertEquals(pages.url("/second"), forward.path("extras").path("url").asText());
    }

    @Test
    void aFormIsFilledSelectedCheckedAndSubmittedInOneAction() throws Exception {
        JsonNode form = interact("goto('" + pages.url("/form") + "')");
        String name = bid(form, "textbox", "Name");
        String color = bid(form, "combobox", "Color");
        String agree = bid(form, "checkbox", "Agree");
        String send = bid(form, "button", "Send");
        JsonNode submitted = interact("fill('" + name + "', 'Ada Lovelace')\n"
                + "select_option('" + color + "', 'Green')   # by label\n"
                + "check(bid=\"" + agree + "\")\n"
                + "click(\"" + send + "\")");
        assertEquals("", error(submitted), submitted.path("content").asText());
        assertTrue(submitted.path("extras").path("url").asText().startsWith(pages.url("/submitted?")), brief(submitted));
        assertTrue(submitted.path("content").asText().contains("received agree=on;color=green;name=Ada Lovelace"), submitted.path("content").asText());
    }

    @Test
    void pressingEnterInAFieldSubmitsItsForm() throws Exception {
        JsonNode form = interact("goto('" + pages.url("/form") + "')");
        String name = bid(form, "textbox", "Name");
        JsonNode typed = interact("fill('" + name + "', 'Grace')");
        assertEquals(name, typed.path("extras").path("focused_element_bid").asText(), "the filled field has the focus");
        assertTrue(typed.path("content").asText().contains("[" + name + "] textbox 'Name' value='Grace'"), typed.path("content").asText());
        JsonNode submitted = interact("press('" + name + "', 'Enter')");
        assertTrue(submitted.path("content").asText().contains("received color=red;name=Grace"), submitted.path("content").asText());
    }

    @Test
    void aLinkToANewTabOpensAndFocusesItAndTabsCanBeSwitchedAndClosed() throws Exception {
        JsonNode home = interact("goto('" + pages.url("/") + "')");
        int before = home.path("extras").path("open_pages_urls").size();
        JsonNode opened = interact("click('" + bid(home, "link", "Open in a new tab") + "')");
        JsonNode extras = opened.path("extras");
        assertEquals(before + 1, extras.path("open_pages_urls").size(), brief(opened));
        assertEquals(before, extras.path("active_page_index").asInt(), brief(opened));
        assertEquals(pages.url("/second"), extras.path("url").asText());

        JsonNode first = interact("tab_focus(" + (before - 1) + ")");
        assertEquals(before - 1, first.path("extras").path("active_page_index").asInt());
        assertEquals(pages.url("/"), first.path("extras").path("url").asText());
        JsonNode closed = interact("tab_focus(" + before + ")\ntab_close()");
        assertEquals(before, closed.path("extras").path("open_pages_urls").size(), brief(closed));
    }

    @Test
    void scrollingBringsTheBottomIntoView() throws Exception {
        JsonNode top = interact("goto('" + pages.url("/tall") + "')", true, null);
        String button = bid(top, "button", "Bottom button");
        assertTrue(top.path("extras").path("extra_element_properties").path(button).path("visibility").asDouble() < 0.5, top.path("extras").path("extra_element_properties").path(button).toString());
        JsonNode scrolled = interact("scroll(0, 6000)", true, null);
        assertTrue(scrolled.path("extras").path("extra_element_properties").path(button).path("visibility").asDouble() >= 0.5,
                scrolled.path("extras").path("extra_element_properties").path(button).toString());
    }

    @Test
    void anAlertDoesNotBlockThePage() throws Exception {
        JsonNode observation = browse(pages.url("/alert"), false, 30.0);
        assertFalse(observation.path("extras").path("error").asBoolean(), observation.path("content").asText());
        assertTrue(observation.path("content").asText().contains("after the alert"), observation.path("content").asText());
    }

    @Test
    void actionErrorsAreReportedAndTheFollowingActionsNotRun() throws Exception {
        interact("goto('" + pages.url("/form") + "')");
        JsonNode missing = interact("click('99999')\ngoto('" + pages.url("/second") + "')");
        assertTrue(missing.path("extras").path("error").asBoolean());
        assertEquals("ValueError: Could not find element with bid \"99999\"", error(missing));
        assertEquals(pages.url("/form"), missing.path("extras").path("url").asText(), "the goto after the failed click did not run");
        assertTrue(missing.path("content").asText().contains("The following error occurred when executing the last action:\nValueError"),
                missing.path("content").asText());

        assertTrue(error(interact("teleport('1')")).startsWith("NameError: the browser action 'teleport' is not supported. Supported actions: "));
        assertTrue(error(interact("click('1'")).startsWith("SyntaxError: cannot read the browser actions at line 1"), error(interact("click('1'")));
        assertTrue(error(interact("click()")).contains("missing 1 required positional argument: 'bid'"));
        assertTrue(error(interact("click(__import__('os'))")).contains("only literal arguments"));
        JsonNode form = interact("goto('" + pages.url("/form") + "')");
        assertTrue(error(interact("fill('" + bid(form, "button", "Send") + "', 'x')")).startsWith("Error: Element is not an <input>, <textarea> or [contenteditable] element"));
        assertTrue(error(interact("select_option('" + bid(form, "combobox", "Color") + "', 'purple')")).contains("no option \"purple\""));
        assertTrue(error(interact("press('" + bid(form, "textbox", "Name") + "', 'Hyper+x')")).contains("unknown modifier"));
    }

    @Test
    void aPageThatNeverFinishesLoadingIsAnErrorNotAHang() throws Exception {
        JsonNode partial = browse(pages.url("/hang"), false, 6.0);
        assertTrue(partial.path("extras").path("error").asBoolean(), brief(partial));
        assertTrue(error(partial).startsWith("TimeoutError: the page " + pages.url("/hang") + " did not finish loading"), error(partial));
        assertTrue(partial.path("content").asText().contains("The following error occurred when trying to visit the URL:\nTimeoutError"),
                partial.path("content").asText());

        JsonNode silent = interact("goto('" + pages.url("/hang-headers") + "')", false, 6.0);
        assertTrue(error(silent).startsWith("TimeoutError: "), error(silent));

        JsonNode after = browse(pages.url("/second"), false, null);
        assertFalse(after.path("extras").path("error").asBoolean(), error(after));
        assertTrue(after.path("content").asText().contains("This is the second page"), after.path("content").asText());
    }

    @Test
    void aRefusedConnectionIsAnError() throws Exception {
        int closed;
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closed = socket.getLocalPort(); // free now, and nothing listens on it in a container either
        }
        JsonNode refused = browse("http://127.0.0.1:" + closed + "/", false, null);
        assertTrue(refused.path("extras").path("error").asBoolean());
        assertTrue(error(refused).contains("net::ERR_CONNECTION_REFUSED"), error(refused));
    }

    @Test
    void missingArgumentsAreErrorsThatSayWhatToSend() throws Exception {
        JsonNode browse = agent.action(JSON.createObjectNode().put("action", "browse"));
        assertEquals("error", browse.path("observation").asText());
        assertTrue(browse.path("content").asText().contains("args.url"), browse.toString());
        ObjectNode blank = JSON.createObjectNode().put("action", "browse_interactive");
        blank.putObject("args").put("browser_actions", " ");
        JsonNode interactive = agent.action(blank);
        assertEquals("error", interactive.path("observation").asText());
        assertTrue(interactive.path("content").asText().contains("args.browser_actions"), interactive.toString());
    }

    @Test
    void aDeadBrowserIsRestartedAndTheCallerTold() throws Exception {
        browse(pages.url("/"), false, null);
        String pid = browserPid();
        String shellUid = agent.run("id -u").path("content").asText().strip();
        assertEquals(shellUid, agent.run("ps -o uid= -p " + pid).path("content").asText().strip(), "Chromium runs as the shell's user");
        agent.run("kill -9 " + pid);
        JsonNode after = browse(pages.url("/second"), false, null);
        String content = after.path("content").asText();
        assertTrue(content.startsWith("[The browser had exited and was restarted; the pages that were open are gone.]\n"), content);
        assertTrue(content.contains("This is the second page"), content);
        assertFalse(browserPid().equals(pid));
    }

    /** Chromium's main process: this JVM's child for an agent in it, else the one with a Sandpod profile in the container. */
    private static String browserPid() throws Exception {
        if (!AgentHarness.remote()) {
            List<String> pids = new ArrayList<>();
            ProcessHandle.current().children()
                    .filter(p -> p.info().commandLine().orElse("").contains("sandpod-browser-"))
                    .forEach(p -> pids.add(Long.toString(p.pid())));
            assertEquals(1, pids.size(), "one browser, got " + pids);
            return pids.getFirst();
        }
        return agent.run("pgrep -o -f -- '--user-data-dir=/tmp/sandpod-browser-'").path("content").asText().strip();
    }
}
