package dev.sandpod.cluster;

import dev.sandpod.api.session.SandboxSession;
import dev.sandpod.api.session.SessionCondition;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/** Watches the sessions of a namespace and records each one's Ready condition as it changes. */
final class ReadyRecorder implements ResourceEventHandler<SandboxSession>, AutoCloseable {

    private final Map<String, List<String>> history = new ConcurrentHashMap<>();
    private final SharedIndexInformer<SandboxSession> informer;

    ReadyRecorder(RealCluster cluster, String namespace) {
        informer = cluster.client.resources(SandboxSession.class).inNamespace(namespace).inform(this);
    }

    @Override
    public void onAdd(SandboxSession session) {
        record(session);
    }

    @Override
    public void onUpdate(SandboxSession before, SandboxSession session) {
        record(session);
    }

    @Override
    public void onDelete(SandboxSession session, boolean unknown) {
    }

    private void record(SandboxSession session) {
        String ready = session.getStatus() == null || session.getStatus().getConditions() == null ? "none"
                : session.getStatus().getConditions().stream().filter(c -> SessionCondition.READY.equals(c.getType()))
                .map(SessionCondition::getStatus).findFirst().orElse("none");
        List<String> seen = history.computeIfAbsent(session.getMetadata().getName(), n -> new CopyOnWriteArrayList<>());
        if (seen.isEmpty() || !Objects.equals(seen.getLast(), ready)) {
            seen.add(ready);
        }
    }

    /** The Ready statuses {@code session} went through, repeats folded. */
    List<String> history(String session) {
        return history.getOrDefault(session, List.of());
    }

    @Override
    public void close() {
        informer.close();
    }
}
