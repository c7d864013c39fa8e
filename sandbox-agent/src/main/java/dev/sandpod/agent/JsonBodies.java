package dev.sandpod.agent;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.helidon.http.HeaderValues;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerResponse;

import java.util.Map;

/** Sends JSON bodies; every answer of the agent is JSON, errors included. */
final class JsonBodies {

    static final JsonMapper JSON = JsonMapper.builder().build();

    private JsonBodies() {
    }

    static void send(ServerResponse res, Status status, Object body) {
        byte[] bytes;
        try {
            bytes = JSON.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("an observation could not be written as JSON", e);
        }
        res.status(status);
        res.header(HeaderValues.CONTENT_TYPE_JSON);
        res.send(bytes);
    }

    static void ok(ServerResponse res, Object body) {
        send(res, Status.OK_200, body);
    }

    /** An error the caller can fix: {@code {"detail": "..."}}. */
    static void detail(ServerResponse res, Status status, String detail) {
        send(res, status, Map.of("detail", detail));
    }
}
