package dev.sandpod.agent.jupyter;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class JupyterWireTest {

    private final JupyterWire wire = new JupyterWire("secret".getBytes(StandardCharsets.US_ASCII));

    @Test
    void aMessageIsDelimitedSignedAndReadBack() throws IOException {
        JupyterWire.Outgoing out = wire.encode("execute_request", JupyterWire.JSON.createObjectNode().put("code", "1+1"));
        List<byte[]> frames = out.frames();
        assertArrayEquals(JupyterWire.DELIMITER, frames.get(0));
        assertEquals(64, frames.get(1).length, "hex HMAC-SHA256");
        assertTrue(new String(frames.get(2), StandardCharsets.UTF_8).contains("\"version\":\"5.3\""));
        List<byte[]> routed = new ArrayList<>(List.of("routing-id".getBytes(StandardCharsets.US_ASCII)));
        routed.addAll(frames);
        JupyterWire.Message message = wire.decode(routed);
        assertEquals("execute_request", message.type());
        assertEquals(out.msgId(), message.msgId());
        assertEquals("1+1", message.content().path("code").asText());
    }

    @Test
    void aMessageSignedWithAnotherKeyOrMalformedIsRefused() {
        List<byte[]> forged = new JupyterWire("other".getBytes(StandardCharsets.US_ASCII))
                .encode("status", JupyterWire.JSON.createObjectNode()).frames();
        assertTrue(assertThrows(IOException.class, () -> wire.decode(forged)).getMessage().contains("wrong signature"));
        assertThrows(IOException.class, () -> wire.decode(List.of("no delimiter".getBytes(StandardCharsets.US_ASCII))));
    }
}
