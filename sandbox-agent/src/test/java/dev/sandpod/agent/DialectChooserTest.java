package dev.sandpod.agent;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sandpod.api.agent.Action;
import org.junit.jupiter.api.Test;

import java.util.Optional;

import static dev.sandpod.agent.WireDialect.OPENHANDS_2024;
import static dev.sandpod.agent.WireDialect.OPENHANDS_2025;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The dialect of a request, for the plugins' actions as each era's client serializes them
 * ({@code event_to_dict} of OpenHands 2d5b360505d8 and 156d0686c4: every dataclass field is sent,
 * {@code security_risk} only when not None in 2024), and for the header and the flag.
 */
class DialectChooserTest {

    private static Action action(String type, String... keysAndValues) {
        ObjectNode args = Action.newArgs();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            args.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return new Action(type, args);
    }

    /** 2024 IPythonRunCellAction: code, thought, is_confirmed, kernel_init_code. */
    static final Action CELL_2024 = action("run_ipython", "code", "1", "thought", "", "is_confirmed", "confirmed",
            "kernel_init_code", "");
    /** 2025 IPythonRunCellAction: code, thought, include_extra, confirmation_state, security_risk, kernel_init_code. */
    static final Action CELL_2025 = action("run_ipython", "code", "1", "thought", "", "include_extra", "true",
            "confirmation_state", "confirmed", "security_risk", "-1", "kernel_init_code", "");
    /** 2024 BrowseURLAction with a security analyzer, which sets security_risk. */
    static final Action BROWSE_2024_ANALYZED = action("browse", "url", "http://x", "thought", "", "security_risk", "1");
    /** 2024 BrowseInteractiveAction. */
    static final Action INTERACTIVE_2024 = action("browse_interactive", "browser_actions", "noop()", "thought", "",
            "browsergym_send_msg_to_user", "");
    /** 2025 BrowseURLAction. */
    static final Action BROWSE_2025 = action("browse", "url", "http://x", "thought", "", "security_risk", "-1",
            "return_axtree", "false");
    /** 2024 FileReadAction with a security analyzer (files.py at 2d5b360505d8: path, start, end, thought, security_risk). */
    static final Action READ_2024_ANALYZED = action("read", "path", "/x", "start", "0", "end", "-1", "thought", "",
            "security_risk", "1");
    /** 2025 FileReadAction (156d0686c4: adds impl_source and view_range; security_risk always sent). */
    static final Action READ_2025 = action("read", "path", "/x", "start", "0", "end", "-1", "thought", "",
            "security_risk", "-1", "impl_source", "default");
    static final Action BARE_CELL = action("run_ipython", "code", "1");
    static final Action BARE_BROWSE = action("browse", "url", "http://x");
    static final Action BARE_READ = action("read", "path", "/etc/hostname");
    static final Action RUN_2025 = action("run", "command", "ls", "is_input", "false");

    private static WireDialect auto(DialectChooser chooser, Action action) throws ActionService.BadRequest {
        return chooser.choose(action, Optional.empty());
    }

    @Test
    void eachErasPluginActionsAreToldApartByTheirArguments() throws Exception {
        DialectChooser chooser = new DialectChooser(null);
        assertEquals(OPENHANDS_2024, auto(chooser, CELL_2024));
        assertEquals(OPENHANDS_2025, auto(chooser, CELL_2025));
        assertEquals(OPENHANDS_2024, auto(chooser, BROWSE_2024_ANALYZED), "no return_axtree: 2024, security_risk or not");
        assertEquals(OPENHANDS_2024, auto(chooser, INTERACTIVE_2024));
        assertEquals(OPENHANDS_2025, auto(chooser, BROWSE_2025));
    }

    @Test
    void aReadWithThoughtButNoImplSourceIs2024sEvenWithASecurityRisk() throws Exception {
        DialectChooser chooser = new DialectChooser(null);
        assertEquals(OPENHANDS_2024, auto(chooser, READ_2024_ANALYZED), "2024's read never carries impl_source");
        assertEquals(OPENHANDS_2025, auto(chooser, READ_2025));
    }

    @Test
    void aBarePluginActionIsAnsweredAs2024WithoutChangingWhatTheClientIsTakenFor() throws Exception {
        DialectChooser chooser = new DialectChooser(null);
        assertEquals(OPENHANDS_2025, auto(chooser, RUN_2025));
        assertEquals(OPENHANDS_2024, auto(chooser, BARE_CELL));
        assertEquals(OPENHANDS_2024, auto(chooser, BARE_BROWSE));
        assertEquals(OPENHANDS_2025, auto(chooser, BARE_READ), "the last marked request was 2025's");
    }

    @Test
    void theHeaderAndTheFlagWinOverTheArguments() throws Exception {
        DialectChooser chooser = new DialectChooser(null);
        assertEquals(OPENHANDS_2025, chooser.choose(CELL_2024, Optional.of("2025")));
        assertEquals(OPENHANDS_2024, chooser.choose(BROWSE_2025, Optional.of("2024")));
        assertEquals(OPENHANDS_2025, chooser.choose(BARE_BROWSE, Optional.of("openhands-2025")));
        DialectChooser forced = new DialectChooser(OPENHANDS_2025);
        assertEquals(OPENHANDS_2025, auto(forced, BARE_CELL));
        assertEquals(OPENHANDS_2025, auto(forced, INTERACTIVE_2024));
        assertEquals(OPENHANDS_2024, forced.choose(CELL_2025, Optional.of("2024")), "the header wins over the flag");
    }

    @Test
    void aHeaderThatNamesNoEraIsRefusedWithWhatToSend() {
        ActionService.BadRequest refused = assertThrows(ActionService.BadRequest.class,
                () -> new DialectChooser(null).choose(BARE_CELL, Optional.of("2023")));
        assertTrue(refused.getMessage().contains("must be 2024 or 2025"), refused.getMessage());
    }
}
