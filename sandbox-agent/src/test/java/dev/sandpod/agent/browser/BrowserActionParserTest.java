package dev.sandpod.agent.browser;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BrowserActionParserTest {

    @Test
    void readsCallsOnLinesAndAfterSemicolonsWithComments() throws Exception {
        List<BrowserActionParser.Call> calls = BrowserActionParser.parse("""
                # open the page
                goto("http://localhost:8000/a?b=1")
                click('12'); fill("5", 'it\\'s "quoted"')   # trailing comment

                scroll(0, -200.5)
                """);
        assertEquals(List.of("goto", "click", "fill", "scroll"), calls.stream().map(BrowserActionParser.Call::name).toList());
        assertEquals(List.of("http://localhost:8000/a?b=1"), calls.get(0).args());
        assertEquals(List.of("5", "it's \"quoted\""), calls.get(2).args());
        assertEquals(List.of(0L, -200.5), calls.get(3).args());
        assertEquals("click('12')", calls.get(1).source());
    }

    @Test
    void readsKeywordsListsBooleansNoneAndTripleQuotedStrings() throws Exception {
        List<BrowserActionParser.Call> calls = BrowserActionParser.parse("""
                click(bid="3", button='right', modifiers=["Shift", 'Control'],)
                select_option("7", ("a", "b"))
                fill("9", \"""two
                lines\""", enable_autocomplete_menu=True)
                noop(wait_ms=None)
                send_msg_to_user("tab\\there \\u00e9" ' joined')""");
        assertEquals(Map.of("bid", "3", "button", "right", "modifiers", List.of("Shift", "Control")), calls.get(0).kwargs());
        assertEquals(List.of("7", List.of("a", "b")), calls.get(1).args());
        assertEquals(List.of("9", "two\nlines"), calls.get(2).args());
        assertEquals(Boolean.TRUE, calls.get(2).kwargs().get("enable_autocomplete_menu"));
        assertTrue(calls.get(3).kwargs().containsKey("wait_ms") && calls.get(3).kwargs().get("wait_ms") == null);
        assertEquals(List.of("tab\there \u00e9 joined"), calls.get(4).args());
    }

    @Test
    void refusesWhatIsNotACallWithLiteralsAndSaysWhere() {
        String where = message("noop()\nclick('1' '2' x)");
        assertTrue(where.startsWith("cannot read the browser actions at line 2, column 15: expected ',' or ')'"), where);
        assertTrue(message("click(os.system('rm'))").contains("only literal arguments"));
        assertTrue(message("click('1'").contains("expected ',' or ')'") || message("click('1'").contains("unexpected end"));
        assertTrue(message("click('1) ").contains("string not closed"));
        assertTrue(message("x = 1").contains("expected '('"));
        assertTrue(message("click('1') click('2')").contains("expected a new line or ';'"));
        assertTrue(message("click(bid='1', '2')").contains("positional argument follows keyword argument"));
    }

    private static String message(String text) {
        return assertThrows(BrowserActionParser.SyntaxError.class, () -> BrowserActionParser.parse(text)).getMessage();
    }
}
