package dev.sandpod.api.session;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What the operator observed ({@code status}). Callers wait for the {@code Ready} condition, then
 * post actions to {@code endpoint} with the key from the Secret named by {@code tokenSecret}.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class SandboxSessionStatus {

    private SessionPhase phase;
    private String message;
    private String endpoint;
    private String podName;
    private String podIP;
    private String containerId;
    private String tokenSecret;
    private List<SessionCondition> conditions = new ArrayList<>();
    private Long observedGeneration;
    private String readyAt;

    public SessionPhase getPhase() { return phase; }
    public void setPhase(SessionPhase phase) { this.phase = phase; }
    public String getMessage() { return message; }
    public void setMessage(String message) { this.message = message; }
    /** The URL callers post actions to, e.g. {@code http://demo.team-a.svc:47000}. */
    public String getEndpoint() { return endpoint; }
    public void setEndpoint(String endpoint) { this.endpoint = endpoint; }
    public String getPodName() { return podName; }
    public void setPodName(String podName) { this.podName = podName; }
    public String getPodIP() { return podIP; }
    public void setPodIP(String podIP) { this.podIP = podIP; }
    /** The Docker container id (docker runtime) or process id (process runtime). */
    public String getContainerId() { return containerId; }
    public void setContainerId(String containerId) { this.containerId = containerId; }
    /** The name of the Secret whose key {@code token} holds the session's API key. */
    public String getTokenSecret() { return tokenSecret; }
    public void setTokenSecret(String tokenSecret) { this.tokenSecret = tokenSecret; }
    public List<SessionCondition> getConditions() { return conditions; }
    public void setConditions(List<SessionCondition> conditions) { this.conditions = conditions; }
    public Long getObservedGeneration() { return observedGeneration; }
    public void setObservedGeneration(Long observedGeneration) { this.observedGeneration = observedGeneration; }
    /** When the session first became Ready (RFC 3339). */
    public String getReadyAt() { return readyAt; }
    public void setReadyAt(String readyAt) { this.readyAt = readyAt; }

    /** The condition of {@code type}, or null. */
    public SessionCondition condition(String type) {
        return conditions == null ? null
                : conditions.stream().filter(c -> type.equals(c.getType())).findFirst().orElse(null);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SandboxSessionStatus s && phase == s.phase && Objects.equals(message, s.message)
                && Objects.equals(endpoint, s.endpoint) && Objects.equals(podName, s.podName)
                && Objects.equals(podIP, s.podIP) && Objects.equals(containerId, s.containerId)
                && Objects.equals(tokenSecret, s.tokenSecret) && Objects.equals(conditions, s.conditions)
                && Objects.equals(observedGeneration, s.observedGeneration) && Objects.equals(readyAt, s.readyAt);
    }

    @Override
    public int hashCode() {
        return Objects.hash(phase, message, endpoint, podName, podIP, containerId, tokenSecret, conditions,
                observedGeneration, readyAt);
    }
}
