package dev.sandpod.agent.browser;

import dev.sandpod.api.agent.ActionTypes;
import dev.sandpod.api.agent.Observation;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Browse observations in the shape of OpenHands' {@code BrowserOutputObservation}, of either era,
 * so that each client's dataclass accepts every field: the 2025 server (its clients send
 * {@code return_axtree}) puts a text for the model in {@code content} (the page as Markdown for
 * {@code browse}, the accessibility tree for {@code browse_interactive}), a data URL as screenshot
 * and the raw tree only when asked; the 2024 server puts the page's Markdown in {@code content}, a
 * bare base64 screenshot and always the raw tree, from which its agents render the bids.
 */
final class BrowseObservations {

    static final String TREE_NOTE = "Note: [bid] is the unique alpha-numeric identifier at the beginning of lines for each "
            + "element in the AXTree. Always use bid to refer to elements in your actions.\n";

    private BrowseObservations() {
    }

    /** What one browse action produced. {@code note} is put before the content (a restarted browser). */
    record Result(String type, String actions, String error, PageSnapshot page, List<String> openPages, int activeIndex,
                  String note) {
    }

    static Observation of2025(Result result, boolean returnAxtree) {
        PageSnapshot page = result.page();
        Map<String, Object> extras = new LinkedHashMap<>();
        extras.put("url", page.url());
        extras.put("trigger_by_action", result.type());
        extras.put("screenshot", page.screenshotBase64().isEmpty() ? "" : "data:image/png;base64," + page.screenshotBase64());
        extras.put("screenshot_path", null);
        extras.put("set_of_marks", "");
        extras.put("error", !result.error().isEmpty());
        extras.put("goal_image_urls", List.of());
        extras.put("open_pages_urls", result.openPages());
        extras.put("active_page_index", result.activeIndex());
        extras.put("dom_object", Map.of());
        extras.put("axtree_object", returnAxtree ? page.axtree() : Map.of());
        extras.put("extra_element_properties", returnAxtree ? page.extraProperties() : Map.of());
        extras.put("last_browser_action", result.actions());
        extras.put("last_browser_action_error", result.error());
        extras.put("focused_element_bid", page.focusedBid());
        extras.put("filter_visible_only", false);
        return new Observation(ActionTypes.BROWSE, result.note() + text2025(result), extras);
    }

    /** OpenHands' get_agent_obs_text, for both action types. */
    private static String text2025(Result result) {
        PageSnapshot page = result.page();
        StringBuilder text = new StringBuilder("[Current URL: ").append(page.url()).append("]\n");
        if (result.type().equals(ActionTypes.BROWSE_INTERACTIVE)) {
            text.append("[Focused element bid: ").append(page.focusedBid()).append("]\n\n");
            if (!result.error().isEmpty()) {
                text.append("================ BEGIN error message ===============\n")
                        .append("The following error occurred when executing the last action:\n")
                        .append(result.error()).append('\n')
                        .append("================ END error message ===============\n");
            } else {
                text.append("[Action executed successfully.]\n");
            }
            text.append("Accessibility tree of the COMPLETE webpage:\n").append(TREE_NOTE)
                    .append("============== BEGIN accessibility tree ==============\n")
                    .append(page.axtreeText()).append('\n')
                    .append("============== END accessibility tree ==============\n");
            return text.toString();
        }
        if (!result.error().isEmpty()) {
            text.append("================ BEGIN error message ===============\n")
                    .append("The following error occurred when trying to visit the URL:\n")
                    .append(result.error()).append('\n')
                    .append("================ END error message ===============\n");
        }
        return text.append("============== BEGIN webpage content ==============\n")
                .append(page.markdown())
                .append("\n============== END webpage content ==============\n").toString();
    }

    static Observation of2024(Result result) {
        PageSnapshot page = result.page();
        Map<String, Object> extras = new LinkedHashMap<>();
        extras.put("url", page.url());
        extras.put("screenshot", page.screenshotBase64());
        extras.put("error", !result.error().isEmpty());
        extras.put("open_pages_urls", result.openPages());
        extras.put("active_page_index", result.activeIndex());
        extras.put("dom_object", Map.of());
        extras.put("axtree_object", page.axtree());
        extras.put("extra_element_properties", page.extraProperties());
        extras.put("last_browser_action", result.actions());
        extras.put("last_browser_action_error", result.error());
        extras.put("focused_element_bid", page.focusedBid());
        return new Observation(ActionTypes.BROWSE, result.note() + page.markdown(), extras);
    }
}
