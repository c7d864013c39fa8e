package dev.sandpod.agent;

import java.util.function.BooleanSupplier;

/**
 * What an executor may need to know about the request besides the action: the wire dialect to
 * answer in, and whether the caller is still there (a long wait stops when it hung up).
 */
public record ActionContext(WireDialect dialect, BooleanSupplier clientGone) {

    /** The current dialect, with a caller that never hangs up: for callers inside the agent and tests. */
    public static final ActionContext DEFAULT = new ActionContext(WireDialect.OPENHANDS_2025, () -> false);
}
