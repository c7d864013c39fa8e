package dev.sandpod.agent.files;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerResponse;

import java.util.Map;

/** JSON responses of the file transfer endpoints; errors as FastAPI shapes them, {@code {"detail": ...}}. */
final class JsonReplies {

    static final ObjectMapper MAPPER = new ObjectMapper();

    private JsonReplies() {
    }

    static void send(ServerResponse res, Status status, Object body) {
        byte[] bytes;
        try {
            bytes = MAPPER.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialize a reply", e);
        }
        res.status(status);
        res.header(HeaderNames.CONTENT_TYPE, "application/json");
        res.send(bytes);
    }

    static void detail(ServerResponse res, Status status, String detail) {
        send(res, status, Map.of("detail", detail));
    }
}
