package dev.sandpod.api.agent;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.Map;

/**
 * What the agent answers to an action: {@code {"observation": TYPE, "content": "...", "extras": {...}}}.
 * Errors are {@code {"observation": "error", "content": MESSAGE}}.
 *
 * @param observation the observation type ({@code run}, {@code read}, {@code write}, {@code edit}, {@code error}, ...)
 * @param content     the text the caller's model reads
 * @param extras      type-specific fields, such as {@code exit_code} and {@code metadata} of a {@code run}
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Observation(String observation, String content, Map<String, Object> extras) {

    public static final String ERROR = "error";

    /** An error observation with the given message. */
    public static Observation error(String message) {
        return new Observation(ERROR, message, Map.of());
    }

    /** Whether this is an error observation. */
    @JsonIgnore
    public boolean isError() {
        return ERROR.equals(observation);
    }
}
