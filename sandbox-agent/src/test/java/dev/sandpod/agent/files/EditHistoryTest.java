package dev.sandpod.agent.files;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class EditHistoryTest {

    @Test
    void keepsTenStepsPerFileNewestFirst() {
        EditHistory history = new EditHistory();
        for (int i = 0; i < 12; i++) {
            history.add("/a", "a" + i);
        }
        history.add("/b", "b0");
        for (int i = 11; i >= 2; i--) {
            assertEquals("a" + i, history.pop("/a"));
        }
        assertNull(history.pop("/a"));
        assertEquals("b0", history.pop("/b"));
    }

    @Test
    void forgetsTheOldestStepsOfAnyFileBeyondItsMemoryBound() {
        EditHistory history = new EditHistory(10);
        history.add("/a", "aaaa");
        history.add("/b", "bbbb");
        history.add("/a", "cccc"); // 12 characters: the oldest step goes
        assertEquals("cccc", history.pop("/a"));
        assertNull(history.pop("/a"));
        assertEquals("bbbb", history.pop("/b"));
        history.add("/c", "x".repeat(50)); // a single step larger than the bound is still kept
        assertEquals(50, history.pop("/c").length());
    }
}
