package dev.sandpod.api.agent;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * The body of {@code POST /execute_action}: {@code {"action": {"action": TYPE, "args": {...}, "timeout": S}}}.
 *
 * @param action the action to execute
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ActionRequest(Action action) {
}
