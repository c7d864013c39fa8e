package dev.sandpod.agent.browser;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class KeysTest {

    @Test
    void enterTypesACarriageReturn() {
        List<ObjectNode> events = Keys.events("Enter");
        assertEquals("keyDown", events.get(0).get("type").asText());
        assertEquals("\r", events.get(0).get("text").asText());
        assertEquals(13, events.get(0).get("windowsVirtualKeyCode").asInt());
        assertEquals("keyUp", events.get(1).get("type").asText());
    }

    @Test
    void modifiersSetTheirBitsAndSuppressTyping() {
        ObjectNode down = Keys.events("Control+Shift+a").getFirst();
        assertEquals(2 | 8, down.get("modifiers").asInt());
        assertEquals("rawKeyDown", down.get("type").asText());
        assertEquals("KeyA", down.get("code").asText());
        ObjectNode shifted = Keys.events("Shift+A").getFirst();
        assertEquals("A", shifted.get("text").asText(), "Shift alone still types");
        ObjectNode plus = Keys.events("Control++").getFirst();
        assertEquals("+", plus.get("key").asText());
        assertEquals(2, plus.get("modifiers").asInt());
        assertEquals("+", Keys.events("+").getFirst().get("key").asText());
        assertEquals(116, Keys.events("F5").getFirst().get("windowsVirtualKeyCode").asInt());
    }

    @Test
    void unknownKeysAndModifiersSayWhatIsAccepted() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Keys.events("Hyper+x")).getMessage().contains("unknown modifier \"Hyper\""));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Keys.events("Return")).getMessage().contains("unknown key \"Return\""));
        assertThrows(IllegalArgumentException.class, () -> Keys.events(""));
    }
}
