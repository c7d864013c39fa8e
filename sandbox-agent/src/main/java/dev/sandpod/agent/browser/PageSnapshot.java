package dev.sandpod.agent.browser;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * What the model sees of the active tab after an action: URL, the page as Markdown, the
 * accessibility tree (raw, as BrowserGym's {@code axtree_object}, and as text) whose nodes carry
 * the bids of their elements, per-bid properties, the focused element's bid, and a PNG screenshot.
 *
 * <p>The bids are {@code bid} attributes that {@code snapshot.js} gives every element; the DOM
 * tree ({@code DOM.getDocument}) maps them to backend node ids, which the accessibility nodes name.
 */
record PageSnapshot(String url, String title, String markdown, JsonNode axtree, String axtreeText,
                    JsonNode extraProperties, String focusedBid, String screenshotBase64) {

    private static final String SCRIPT = load();

    private static String load() {
        try (InputStream in = PageSnapshot.class.getResourceAsStream("snapshot.js")) {
            if (in == null) {
                throw new IllegalStateException("snapshot.js is missing from the agent's jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("snapshot.js could not be read", e);
        }
    }

    static PageSnapshot take(BrowserSession browser, Tab tab) throws CdpClient.CdpException {
        JsonNode page = PageActions.evaluate(browser, tab, SCRIPT);
        Map<Integer, String> bids = new HashMap<>();
        JsonNode document = browser.call(tab, "DOM.getDocument", CdpClient.JSON.createObjectNode().put("depth", -1).put("pierce", true));
        collectBids(document.path("root"), bids, 0);
        JsonNode nodes = browser.call(tab, "Accessibility.getFullAXTree", null).path("nodes");
        for (JsonNode node : nodes) {
            String bid = bids.get(node.path("backendDOMNodeId").asInt(-1));
            if (bid != null) {
                ((ObjectNode) node).put("browsergym_id", bid);
            }
        }
        ObjectNode axtree = CdpClient.JSON.createObjectNode();
        axtree.set("nodes", nodes.isArray() ? nodes : CdpClient.JSON.createArrayNode());
        JsonNode extra = page.path("extra");
        String screenshot = browser.call(tab, "Page.captureScreenshot", CdpClient.JSON.createObjectNode().put("format", "png").put("optimizeForSpeed", true))
                .path("data").asText("");
        return new PageSnapshot(page.path("url").asText(tab.url), page.path("title").asText(""),
                page.path("markdown").asText(""), axtree, AxTreeText.of(axtree.path("nodes"), extra), extra,
                page.path("focused").asText(""), screenshot);
    }

    /** Walks the DOM tree (frames and shadow roots included) for elements' bid attributes. */
    private static void collectBids(JsonNode node, Map<Integer, String> bids, int depth) {
        if (node.isMissingNode() || depth > 2000) {
            return;
        }
        JsonNode attributes = node.path("attributes");
        for (int i = 0; i + 1 < attributes.size(); i += 2) {
            if (attributes.get(i).asText().equals("bid")) {
                bids.put(node.path("backendNodeId").asInt(), attributes.get(i + 1).asText());
            }
        }
        for (String children : new String[]{"children", "shadowRoots"}) {
            for (JsonNode child : node.path(children)) {
                collectBids(child, bids, depth + 1);
            }
        }
        collectBids(node.path("contentDocument"), bids, depth + 1);
    }

    /** An empty snapshot, for a browser that could not give one. */
    static PageSnapshot empty(String url) {
        ArrayNode none = CdpClient.JSON.createArrayNode();
        return new PageSnapshot(url, "", "", CdpClient.JSON.createObjectNode().set("nodes", none), "",
                CdpClient.JSON.createObjectNode(), "", "");
    }
}
