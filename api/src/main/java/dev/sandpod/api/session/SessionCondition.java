package dev.sandpod.api.session;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.Objects;

/**
 * One condition of a session as Kubernetes defines conditions: {@code status} is the string
 * {@code True}, {@code False} or {@code Unknown} (so {@code kubectl wait --for=condition=Ready}
 * works), {@code reason} is CamelCase, and {@code lastTransitionTime} changes only when
 * {@code status} does.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class SessionCondition {

    /** The pod (or container, or process) has a place to run. */
    public static final String POD_SCHEDULED = "PodScheduled";
    /** The agent answers {@code /alive} and accepts the session's API key. */
    public static final String AGENT_READY = "AgentReady";
    /** The session can be used: post actions to {@code status.endpoint}. */
    public static final String READY = "Ready";

    private String type;
    private String status;
    private String reason;
    private String message;
    private String lastTransitionTime;
    private Long observedGeneration;

    public SessionCondition() {
    }

    public SessionCondition(String type, String status, String reason, String message,
                            String lastTransitionTime, Long observedGeneration) {
        this.type = type;
        this.status = status;
        this.reason = reason;
        this.message = message;
        this.lastTransitionTime = lastTransitionTime;
        this.observedGeneration = observedGeneration;
    }

    public String getType() { return type; }
    public void setType(String type) { this.type = type; }
    public String getStatus() { return status; }
    public void setStatus(String status) { this.status = status; }
    public String getReason() { return reason; }
    public void setReason(String reason) { this.reason = reason; }
    public String getMessage() { return message; }
    public void setMessage(String message) { this.message = message; }
    public String getLastTransitionTime() { return lastTransitionTime; }
    public void setLastTransitionTime(String lastTransitionTime) { this.lastTransitionTime = lastTransitionTime; }
    public Long getObservedGeneration() { return observedGeneration; }
    public void setObservedGeneration(Long observedGeneration) { this.observedGeneration = observedGeneration; }

    @Override
    public boolean equals(Object o) {
        return o instanceof SessionCondition c && Objects.equals(type, c.type) && Objects.equals(status, c.status)
                && Objects.equals(reason, c.reason) && Objects.equals(message, c.message)
                && Objects.equals(lastTransitionTime, c.lastTransitionTime)
                && Objects.equals(observedGeneration, c.observedGeneration);
    }

    @Override
    public int hashCode() {
        return Objects.hash(type, status, reason, message, lastTransitionTime, observedGeneration);
    }

    @Override
    public String toString() {
        return type + "=" + status + "(" + reason + ": " + message + ")";
    }
}
