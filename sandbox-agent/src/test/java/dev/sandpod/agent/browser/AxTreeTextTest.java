package dev.sandpod.agent.browser;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class AxTreeTextTest {

    @Test
    void flattensLikeBrowserGym() throws Exception {
        JsonNode nodes = CdpClient.JSON.readTree("""
                [
                 {"nodeId": "1", "role": {"value": "RootWebArea"}, "name": {"value": "Page"}, "childIds": ["2", "6"],
                  "properties": [{"name": "focusable", "value": {"value": true}}, {"name": "focused", "value": {"value": true}}]},
                 {"nodeId": "2", "role": {"value": "none"}, "ignored": true, "childIds": ["3", "4"]},
                 {"nodeId": "3", "role": {"value": "link"}, "name": {"value": "Home"}, "browsergym_id": "7", "childIds": ["5"],
                  "properties": [{"name": "url", "value": {"value": "http://x/"}}]},
                 {"nodeId": "5", "role": {"value": "StaticText"}, "name": {"value": "Home"}, "childIds": []},
                 {"nodeId": "4", "role": {"value": "textbox"}, "name": {"value": "It's"}, "browsergym_id": "8", "value": {"value": "a\\nb"},
                  "childIds": [], "properties": [{"name": "required", "value": {"value": false}}, {"name": "invalid", "value": {"value": "false"}},
                  {"name": "describedby", "value": {"relatedNodes": []}}]},
                 {"nodeId": "6", "role": {"value": "generic"}, "name": {"value": ""}, "browsergym_id": "9", "childIds": ["10"]},
                 {"nodeId": "10", "role": {"value": "StaticText"}, "name": {"value": "free text"}, "childIds": ["11"]},
                 {"nodeId": "11", "role": {"value": "InlineTextBox"}, "name": {"value": "free text"}, "childIds": []}
                ]""");
        JsonNode extra = CdpClient.JSON.readTree("{\"7\": {\"clickable\": true}, \"8\": {\"clickable\": true}, \"9\": {\"clickable\": false}}");
        assertEquals("""
                RootWebArea 'Page', focused
                \t[7] link 'Home', clickable, url='http://x/'
                \t[8] textbox "It's" value='a\\nb', clickable
                \t[9] generic
                \t\tStaticText 'free text'""", AxTreeText.of(nodes, extra));
    }

    @Test
    void reprQuotesAsPython() {
        assertEquals("'plain'", AxTreeText.repr("plain"));
        assertEquals("\"it's\"", AxTreeText.repr("it's"));
        assertEquals("'both \\' and \"'", AxTreeText.repr("both ' and \""));
        assertEquals("'tab\\tnl\\n\\x01'", AxTreeText.repr("tab\tnl\n\u0001"));
    }
}
