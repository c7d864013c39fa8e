package dev.sandpod.operator.session;

import dev.sandpod.api.session.SandboxSession;
import dev.sandpod.api.session.SandboxSessionStatus;
import dev.sandpod.api.session.SessionCondition;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Kubernetes Events on a session, one per condition transition to True or False (status or reason changed), so
 * {@code kubectl describe sbx NAME} tells the story: Warning when a condition turns False for a reason the user must act on, Normal for progress and True.
 */
public final class SessionEvents {

    private static final Logger LOG = LoggerFactory.getLogger(SessionEvents.class);
    private static final String COMPONENT = "sandpod-operator";

    /** False-but-on-its-way reasons of a starting sandbox: Normal events, not warnings. */
    private static final Set<String> PROGRESS = Set.of("ContainerStarting", "AgentNotAnswering", "AgentNotInitialized",
            "PodCreating", "SecretCreating", "Creating");

    private final KubernetesClient client;

    public SessionEvents(KubernetesClient client) {
        this.client = client;
    }

    public void transitions(SandboxSession session, SandboxSessionStatus before, SandboxSessionStatus after) {
        for (SessionCondition condition : after.getConditions()) {
            SessionCondition old = before == null ? null : before.condition(condition.getType());
            boolean unchanged = old != null && Objects.equals(old.getStatus(), condition.getStatus())
                    && Objects.equals(old.getReason(), condition.getReason());
            if (unchanged || "Unknown".equals(condition.getStatus())) {
                continue; // Unknown is "not looked yet / in progress": no news for kubectl describe
            }
            boolean warning = "False".equals(condition.getStatus()) && !PROGRESS.contains(condition.getReason());
            record(session, warning ? "Warning" : "Normal", condition.getReason(),
                    condition.getType() + " is " + condition.getStatus() + ": " + condition.getMessage());
        }
    }

    /** Records one Event; best effort, since an Event must never fail a reconcile. */
    public void record(SandboxSession session, String type, String reason, String message) {
        String now = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
        var meta = session.getMetadata();
        try {
            client.v1().events().inNamespace(meta.getNamespace()).resource(new EventBuilder()
                    .withNewMetadata()
                    .withName(meta.getName() + "." + Long.toHexString(System.nanoTime()) + Integer.toHexString(ThreadLocalRandom.current().nextInt(4096)))
                    .withNamespace(meta.getNamespace())
                    .endMetadata()
                    .withNewInvolvedObject()
                    .withApiVersion(session.getApiVersion()).withKind(session.getKind())
                    .withName(meta.getName()).withNamespace(meta.getNamespace()).withUid(meta.getUid())
                    .endInvolvedObject()
                    .withType(type).withReason(reason).withMessage(truncate(message))
                    .withFirstTimestamp(now).withLastTimestamp(now).withCount(1)
                    .withNewSource().withComponent(COMPONENT).endSource()
                    .withReportingComponent("sandpod.dev/operator")
                    .build()).create();
        } catch (KubernetesClientException e) {
            LOG.warn("event=not-recorded session={}/{} reason={} code={} error={}", meta.getNamespace(), meta.getName(),
                    reason, e.getCode(), e.getMessage());
        }
    }

    private static String truncate(String message) {
        return message == null || message.length() <= 1024 ? message : message.substring(0, 1021) + "...";
    }
}
