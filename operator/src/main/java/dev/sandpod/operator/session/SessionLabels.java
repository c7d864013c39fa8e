package dev.sandpod.operator.session;

import dev.sandpod.api.session.SandboxSession;

import java.util.Map;

/** Labels on every object the operator owns; the informers select on {@link #SELECTOR}. */
public final class SessionLabels {

    public static final String MANAGED_BY = "app.kubernetes.io/managed-by";
    public static final String MANAGER = "sandpod";
    public static final String SESSION = "sandpod.dev/session";
    /** The label selector of every informer of owned objects (STYLE 8). */
    public static final String SELECTOR = MANAGED_BY + "=" + MANAGER;

    private SessionLabels() {
    }

    public static Map<String, String> of(SandboxSession session) {
        return Map.of(MANAGED_BY, MANAGER, SESSION, session.getMetadata().getName());
    }

    /** What the Service selects: the session's pod, and only it. */
    public static Map<String, String> podSelector(SandboxSession session) {
        return of(session);
    }
}
