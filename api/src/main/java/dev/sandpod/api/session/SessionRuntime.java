package dev.sandpod.api.session;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Where a session's sandbox runs, as {@code spec.runtime} spells it. */
public enum SessionRuntime {
    /** A pod in the session's namespace. */
    @JsonProperty("kubernetes") KUBERNETES("kubernetes"),
    /** A Docker container on the operator's host. */
    @JsonProperty("docker") DOCKER("docker"),
    /** A child process of the operator: no isolation, for local use only. */
    @JsonProperty("process") PROCESS("process");

    private final String value;

    SessionRuntime(String value) {
        this.value = value;
    }

    /** The name used in {@code spec.runtime} and by the runtime implementations. */
    public String value() {
        return value;
    }

    /** The runtime named {@code value}, or an error listing the valid names. */
    public static SessionRuntime of(String value) {
        for (SessionRuntime runtime : values()) {
            if (runtime.value.equalsIgnoreCase(value.trim())) {
                return runtime;
            }
        }
        throw new IllegalArgumentException("unknown runtime '" + value + "': use kubernetes, docker or process");
    }
}
