package dev.sandpod.client;

import dev.sandpod.api.session.SandboxSession;
import dev.sandpod.api.session.SandboxSessionSpec;
import dev.sandpod.api.session.SandboxSessionStatus;
import dev.sandpod.api.session.SessionPhase;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Sessions as {@code SandboxSession} resources in one namespace, run by the Sandpod operator.
 * {@link #create} creates the resource and follows it with a watch until it is Ready or Failed;
 * the key comes from the Secret named in {@code status.tokenSecret}; a caller outside the cluster
 * reaches the agent through a port-forward that {@link Session#close()} closes.
 */
public final class KubernetesSessions implements SessionClient {

    private static final Duration NO_STATUS_HINT = Duration.ofSeconds(15);

    private final KubernetesClient client;
    private final String namespace;
    private final URI agentAddress;

    /** Sessions in {@code namespace} (null: the client's namespace, else {@code default}). */
    public KubernetesSessions(KubernetesClient client, String namespace) {
        this(client, namespace, null);
    }

    private KubernetesSessions(KubernetesClient client, String namespace, URI agentAddress) {
        this.client = client;
        this.namespace = namespace != null ? namespace : client.getNamespace() != null ? client.getNamespace() : "default";
        this.agentAddress = agentAddress;
    }

    /**
     * The same sessions, with every agent called at {@code address} (e.g. {@code http://127.0.0.1:8047})
     * instead of its endpoint or a port-forward: for a tunnel of your own, and for tests.
     */
    public KubernetesSessions withAgentAddress(URI address) {
        return new KubernetesSessions(client, namespace, address);
    }

    /** The namespace these sessions live in. */
    public String namespace() {
        return namespace;
    }

    @Override
    public Session create(SessionOptions options, Duration timeout, SessionProgress progress) {
        String name = SessionNames.validate(options.name());
        SandboxSession session = new SandboxSession();
        session.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(namespace).build());
        SandboxSessionSpec spec = new SandboxSessionSpec();
        spec.setImage(options.image());
        spec.setRuntime(options.runtime());
        spec.setResources(options.resources());
        session.setSpec(spec);
        boolean created = true;
        try {
            client.resource(session).create();
        } catch (KubernetesClientException e) {
            if (e.getCode() != 409) {
                throw apiError("create SandboxSession " + namespace + "/" + name, e);
            }
            created = false; // it exists: wait for it like for a new one, but never delete it
            progress.changed("Pending", "session " + name + " exists; waiting for it to be Ready");
        }
        SandboxSession ready = await(name, timeout, progress, created);
        return connect(ready);
    }

    private SandboxSession await(String name, Duration timeout, SessionProgress progress, boolean deleteOnFailure) {
        SessionWatch watch = new SessionWatch(progress);
        // a session nobody reconciles keeps no status at all: say so long before the timeout
        CompletableFuture<Void> hint = CompletableFuture.runAsync(() -> {
            SandboxSession seen = watch.last();
            if (!watch.outcome().isDone() && (seen == null || seen.getStatus() == null)) {
                progress.changed("Pending", "no status after " + NO_STATUS_HINT.toSeconds() + " s: is the Sandpod "
                        + "operator running? (the Helm chart, or 'sandpod operator')");
            }
        }, CompletableFuture.delayedExecutor(NO_STATUS_HINT.toMillis(), TimeUnit.MILLISECONDS));
        try (SharedIndexInformer<SandboxSession> informer = resource(name).inform(watch)) {
            return watch.outcome().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            SandboxSessionStatus status = watch.last() == null ? null : watch.last().getStatus();
            String message = "Session " + name + " was not Ready after " + timeout.toSeconds() + " s; last phase "
                    + (status == null || status.getPhase() == null ? "none (is the Sandpod operator running?)"
                    : status.getPhase() + (status.getMessage() == null ? "" : ": " + status.getMessage()))
                    + (deleteOnFailure ? ". The session was deleted; try a longer timeout" : "");
            deleteQuietly(name, deleteOnFailure);
            throw new SessionFailedException(name, message);
        } catch (ExecutionException e) {
            deleteQuietly(name, deleteOnFailure);
            if (e.getCause() instanceof SandpodException failure) {
                throw failure;
            }
            throw new SandpodException("Watching session " + name + " failed: " + e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            deleteQuietly(name, deleteOnFailure);
            throw new SandpodException("Interrupted while waiting for session " + name);
        } finally {
            hint.cancel(false);
        }
    }

    private void deleteQuietly(String name, boolean really) {
        if (!really) {
            return;
        }
        try {
            resource(name).delete();
        } catch (KubernetesClientException e) {
            // the caller learns why the session failed; a failed cleanup must not hide that
        }
    }

    @Override
    public Session connect(String name) {
        SandboxSession session = resource(SessionNames.validate(name)).get();
        if (session == null) {
            throw new SessionNotFoundException(name, "namespace " + namespace);
        }
        return connect(session);
    }

    private Session connect(SandboxSession session) {
        String name = session.getMetadata().getName();
        SandboxSessionStatus status = session.getStatus();
        if (status == null || status.getPhase() != SessionPhase.Ready || status.getEndpoint() == null) {
            throw new SandpodException("Session " + name + " is not Ready (phase "
                    + (status == null ? "none" : status.getPhase()) + (status == null || status.getMessage() == null ? ""
                    : ": " + status.getMessage()) + "); see 'kubectl describe sbx " + name + " -n " + namespace + "'");
        }
        String key = key(name, status.getTokenSecret());
        URI endpoint = URI.create(status.getEndpoint());
        AgentRoute.Reached reached = agentAddress != null ? new AgentRoute.Reached(agentAddress, null)
                : AgentRoute.reach(client, namespace, status.getPodName(), endpoint);
        String runtime = session.getSpec() == null || session.getSpec().getRuntime() == null ? "kubernetes"
                : session.getSpec().getRuntime().value();
        return new Session(name, namespace, runtime, endpoint, new AgentClient(reached.endpoint(), key), reached.connection());
    }

    private String key(String name, String secretName) {
        if (secretName == null) {
            throw new SandpodException("Session " + name + " names no token Secret in status.tokenSecret");
        }
        Secret secret;
        try {
            secret = client.secrets().inNamespace(namespace).withName(secretName).get();
        } catch (KubernetesClientException e) {
            throw apiError("read Secret " + namespace + "/" + secretName, e);
        }
        if (secret == null || secret.getData() == null || secret.getData().get("token") == null) {
            throw new SandpodException("Secret " + namespace + "/" + secretName + " of session " + name
                    + " has no key 'token'; the operator creates it: is it running?");
        }
        return new String(Base64.getDecoder().decode(secret.getData().get("token")), StandardCharsets.UTF_8);
    }

    @Override
    public void delete(String name) {
        Resource<SandboxSession> resource = resource(SessionNames.validate(name));
        if (resource.get() == null) {
            throw new SessionNotFoundException(name, "namespace " + namespace);
        }
        resource.delete();
        // a get per half second: the object disappears only when the operator has removed its
        // finalizer, and not every API server (the mock one) sends a watch event for that
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (resource.get() != null) {
            if (System.nanoTime() > deadline) {
                throw new SandpodException("Session " + name + " is still Terminating after 60 s: the operator removes its "
                        + "finalizer, is it running? ('sandpod operator' or the Helm chart)");
            }
            try {
                Thread.sleep(500);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SandpodException("Interrupted while waiting for session " + name + " to be deleted");
            }
        }
    }

    @Override
    public List<SessionInfo> list() {
        return client.resources(SandboxSession.class).inNamespace(namespace).list().getItems().stream()
                .map(s -> {
                    SandboxSessionStatus status = s.getStatus();
                    String runtime = s.getSpec() == null || s.getSpec().getRuntime() == null ? "kubernetes"
                            : s.getSpec().getRuntime().value();
                    return new SessionInfo(s.getMetadata().getName(), namespace, runtime,
                            status == null || status.getPhase() == null ? "Pending" : status.getPhase().name(),
                            status == null ? null : status.getEndpoint(), status == null ? null : status.getMessage());
                })
                .toList();
    }

    @Override
    public String logs(String name, int lines) {
        SandboxSession session = resource(SessionNames.validate(name)).get();
        if (session == null) {
            throw new SessionNotFoundException(name, "namespace " + namespace);
        }
        String pod = session.getStatus() != null && session.getStatus().getPodName() != null
                ? session.getStatus().getPodName() : name + "-sandbox";
        try {
            return client.pods().inNamespace(namespace).withName(pod).inContainer("agent").tailingLines(lines).getLog();
        } catch (KubernetesClientException e) {
            throw apiError("read the log of pod " + namespace + "/" + pod, e);
        }
    }

    private Resource<SandboxSession> resource(String name) {
        return client.resources(SandboxSession.class).inNamespace(namespace).withName(name);
    }

    private static SandpodException apiError(String what, KubernetesClientException e) {
        if (e.getCode() == 404 && e.getMessage() != null && e.getMessage().contains("sandboxsessions")) {
            return new SandpodException("Cannot " + what + ": the SandboxSession CRD is not installed; run "
                    + "'kubectl apply -f crds/' (or install the Helm chart)", e);
        }
        return new SandpodException("Cannot " + what + ": " + (e.getStatus() != null && e.getStatus().getMessage() != null
                ? e.getStatus().getMessage() : e.getMessage()), e);
    }

    /** Leaves the Kubernetes client open: whoever made it closes it. */
    @Override
    public void close() {
    }
}
