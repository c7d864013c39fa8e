package dev.sandpod.agent.jupyter;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;

/**
 * The wire format of the Jupyter messaging protocol (version 5.3): a message is the ZeroMQ
 * frames {@code [routing ids..., "<IDS|MSG>", signature, header, parent_header, metadata,
 * content, buffers...]}, the signature being the hex HMAC-SHA256 of the four JSON frames under
 * the connection's key. Messages whose signature does not match are refused.
 */
final class JupyterWire {

    static final JsonMapper JSON = JsonMapper.builder().build();
    static final byte[] DELIMITER = "<IDS|MSG>".getBytes(StandardCharsets.US_ASCII);
    static final String PROTOCOL_VERSION = "5.3";

    private final byte[] key;
    private final String session = UUID.randomUUID().toString();

    JupyterWire(byte[] key) {
        this.key = key.clone();
    }

    /** A message as read from a socket. */
    record Message(String type, String msgId, String parentMsgId, JsonNode content) {
    }

    /** A message to send: its id (replies name it as their parent) and its frames. */
    record Outgoing(String msgId, List<byte[]> frames) {
    }

    /** A new message of type {@code msgType} with this content. */
    Outgoing encode(String msgType, ObjectNode content) {
        String msgId = UUID.randomUUID().toString();
        ObjectNode header = JSON.createObjectNode()
                .put("msg_id", msgId)
                .put("session", session)
                .put("username", "sandpod")
                .put("date", Instant.now().toString())
                .put("msg_type", msgType)
                .put("version", PROTOCOL_VERSION);
        try {
            byte[][] parts = {
                    JSON.writeValueAsBytes(header),
                    "{}".getBytes(StandardCharsets.US_ASCII),
                    "{}".getBytes(StandardCharsets.US_ASCII),
                    JSON.writeValueAsBytes(content)};
            List<byte[]> frames = new ArrayList<>(6);
            frames.add(DELIMITER);
            frames.add(sign(parts).getBytes(StandardCharsets.US_ASCII));
            frames.addAll(List.of(parts));
            return new Outgoing(msgId, frames);
        } catch (IOException e) {
            throw new IllegalStateException("a Jupyter message could not be written as JSON", e);
        }
    }

    /** Parses the frames of one received message; throws when it is malformed or not signed with our key. */
    Message decode(List<byte[]> frames) throws IOException {
        int delimiter = -1;
        for (int i = 0; i < frames.size(); i++) {
            if (java.util.Arrays.equals(frames.get(i), DELIMITER)) {
                delimiter = i;
                break;
            }
        }
        if (delimiter < 0 || frames.size() < delimiter + 6) {
            throw new IOException("not a Jupyter message (" + frames.size() + " frames, no <IDS|MSG> delimiter)");
        }
        byte[][] parts = new byte[4][];
        for (int i = 0; i < 4; i++) {
            parts[i] = frames.get(delimiter + 2 + i);
        }
        byte[] signature = frames.get(delimiter + 1);
        if (!MessageDigest.isEqual(signature, sign(parts).getBytes(StandardCharsets.US_ASCII))) {
            throw new IOException("a Jupyter message with a wrong signature was refused");
        }
        JsonNode header = JSON.readTree(parts[0]);
        JsonNode parent = JSON.readTree(parts[1]);
        return new Message(header.path("msg_type").asText(), header.path("msg_id").asText(),
                parent.path("msg_id").asText(null), JSON.readTree(parts[3]));
    }

    private String sign(byte[][] parts) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            for (byte[] part : parts) {
                mac.update(part);
            }
            return HexFormat.of().formatHex(mac.doFinal());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is part of every Java runtime", e);
        }
    }
}
