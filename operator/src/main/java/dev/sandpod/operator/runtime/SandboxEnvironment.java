package dev.sandpod.operator.runtime;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The environment the agent gets: the request's variables, then {@code SESSION_API_KEY}, so a
 * spec can never override the session's key.
 */
final class SandboxEnvironment {

    static final String API_KEY_VARIABLE = "SESSION_API_KEY";
    /** The agent's --create-user as an environment variable. */
    static final String CREATE_USER_VARIABLE = "SANDPOD_CREATE_USER";

    private SandboxEnvironment() {
    }

    /** The variables to set, or throws with the offending name when one cannot be an environment name. */
    static Map<String, String> of(SandboxRequest request) {
        Map<String, String> env = new LinkedHashMap<>();
        if (request.env() != null) {
            request.env().forEach((key, value) -> {
                if (key == null || key.isEmpty() || key.contains("=") || key.indexOf('\0') >= 0) {
                    throw new IllegalArgumentException("Invalid environment variable name '" + key
                            + "' in spec.env: names must be non-empty and contain neither '=' nor NUL");
                }
                env.put(key, value == null ? "" : value);
            });
        }
        env.remove(API_KEY_VARIABLE);
        if (request.apiKey() != null && !request.apiKey().isEmpty()) {
            env.put(API_KEY_VARIABLE, request.apiKey());
        }
        return env;
    }
}
