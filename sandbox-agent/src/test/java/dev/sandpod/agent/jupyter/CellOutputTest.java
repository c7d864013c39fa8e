package dev.sandpod.agent.jupyter;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CellOutputTest {

    private static String text(CellOutput output) {
        StringBuilder text = new StringBuilder();
        output.parts().forEach(p -> text.append(p.image() ? "<img>" : p.value()));
        return text.toString();
    }

    @Test
    void shortOutputIsKeptWholeAndInOrderWithImages() {
        CellOutput output = new CellOutput();
        output.text("a\u001b[31mred\u001b[0m\n");
        output.image("PNG");
        output.text("after");
        assertEquals("ared\n<img>after", text(output));
    }

    @Test
    void longOutputKeepsItsFirstAndLast15000Characters() {
        CellOutput output = new CellOutput();
        for (int i = 0; i < 1000; i++) {
            output.text("x".repeat(99) + "\n");
        }
        output.text("END");
        String text = text(output);
        assertTrue(text.contains(CellOutput.TRUNCATED));
        assertEquals(30_000 + CellOutput.TRUNCATED.length(), text.length());
        assertTrue(text.endsWith("END"));
    }

    @Test
    void exactly30000CharactersAreNotCut() {
        CellOutput output = new CellOutput();
        output.text("y".repeat(30_000));
        assertEquals(30_000, text(output).length());
    }

    @Test
    void anErrorRemembersItsLastLine() {
        CellOutput output = new CellOutput();
        output.error("Traceback\n\u001b[0;31mValueError\u001b[0m: bad");
        assertEquals("ValueError: bad", output.error());
        assertEquals(List.of(new CellOutput.Part(false, "Traceback\nValueError: bad")), output.parts());
    }
}
