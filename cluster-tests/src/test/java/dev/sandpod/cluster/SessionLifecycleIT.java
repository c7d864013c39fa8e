package dev.sandpod.cluster;

import dev.sandpod.api.session.SandboxSession;
import dev.sandpod.api.session.SessionCondition;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ManagedFieldsEntry;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.PersistentVolumeBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * One session's life with kubectl, as a platform engineer lives it: {@code kubectl apply}, {@code kubectl
 * wait --for=condition=Ready}, the owned objects (key Secret, pod, Service, workspace claim) made by
 * server-side apply with java-operator-sdk's defaults and owned by the session, then {@code kubectl
 * delete}: the finalizer is released and Kubernetes' garbage collector removes every object.
 */
@RealClusterTest
@Order(3)
class SessionLifecycleIT {

    @RegisterExtension
    static final TestNamespace ns = TestNamespace.named("lifecycle");
    static final String VOLUME = "sandpod-it-lifecycle-workspace";

    @BeforeAll
    static void volume() {
        // a volume the claim binds to statically (no provisioner needed); its class is only a name
        RealCluster cluster = ns.cluster();
        cluster.client.persistentVolumes().withName(VOLUME).delete();
        Await.until("volume " + VOLUME + " gone", () -> cluster.client.persistentVolumes().withName(VOLUME).get() == null
                ? "gone" : null, "gone"::equals);
        cluster.client.persistentVolumes().resource(new PersistentVolumeBuilder()
                .withNewMetadata().withName(VOLUME).endMetadata()
                .withNewSpec().withStorageClassName(VOLUME).withAccessModes("ReadWriteOnce")
                .withCapacity(java.util.Map.of("storage", new Quantity("64Mi")))
                .withPersistentVolumeReclaimPolicy("Retain")
                .withNewHostPath().withPath("/tmp/" + VOLUME).withType("DirectoryOrCreate").endHostPath()
                .endSpec().build()).create();
    }

    @AfterAll
    static void deleteVolume() {
        ns.cluster().client.persistentVolumes().withName(VOLUME).delete();
    }

    @Test
    void applyWaitUseDeleteWithKubectl() throws Exception {
        RealCluster cluster = ns.cluster();
        Path manifest = Files.createTempFile("session", ".yaml");
        Files.writeString(manifest, """
                apiVersion: sandpod.dev/v1alpha1
                kind: SandboxSession
                metadata:
                  name: life
                spec:
                  workspace: {size: 32Mi, storageClassName: %s}
                """.formatted(VOLUME), StandardCharsets.UTF_8);
        cluster.cli.kubectl("apply", "-n", ns.name, "-f", manifest.toString()).ok();
        cluster.cli.kubectl("wait", "-n", ns.name, "sbx/life", "--for=condition=Ready", "--timeout=300s").ok();

        SandboxSession session = ns.session("life").get();
        for (String type : List.of(SessionCondition.POD_SCHEDULED, SessionCondition.AGENT_READY, SessionCondition.READY)) {
            assertEquals("True", TestNamespace.condition(session, type).getStatus(), type + " is the string True");
        }
        assertEquals("http://life." + ns.name + ".svc:47000", session.getStatus().getEndpoint());
        assertEquals("life-token", session.getStatus().getTokenSecret());
        String get = cluster.cli.kubectl("get", "sbx", "-n", ns.name).ok().out();
        assertTrue(get.contains("Ready") && get.contains("http://life." + ns.name + ".svc:47000"), get);

        var secret = cluster.client.secrets().inNamespace(ns.name).withName("life-token");
        var pod = cluster.client.pods().inNamespace(ns.name).withName("life-sandbox");
        var service = cluster.client.services().inNamespace(ns.name).withName("life");
        var claim = cluster.client.persistentVolumeClaims().inNamespace(ns.name).withName("life-workspace");
        for (HasMetadata owned : List.of(secret.get(), pod.get(), service.get(), claim.get())) {
            String what = owned.getKind() + " " + owned.getMetadata().getName();
            OwnerReference owner = owned.getMetadata().getOwnerReferences().getFirst();
            assertEquals(session.getMetadata().getUid(), owner.getUid(), what + " is owned by the session");
            assertTrue(owner.getController() && owner.getBlockOwnerDeletion(), what);
            // java-operator-sdk's defaults: server-side apply for every owned kind but Secrets and ConfigMaps
            // (ConfigurationService.defaultNonSSAResources), which it creates and updates the classic way
            if (!(owned instanceof io.fabric8.kubernetes.api.model.Secret)) {
                assertTrue(appliedBy(owned, "sandboxsession"), what + " was server-side applied by the operator: "
                        + owned.getMetadata().getManagedFields());
            }
        }
        assertTrue(appliedBy(session, "sandboxsession"), "status by server-side apply: " + session.getMetadata().getManagedFields());
        assertEquals("Bound", claim.get().getStatus().getPhase());
        assertTrue(pod.get().getSpec().getVolumes().stream().anyMatch(v -> v.getPersistentVolumeClaim() != null
                && "life-workspace".equals(v.getPersistentVolumeClaim().getClaimName())), "the workspace is the claim");

        cluster.cli.kubectl("delete", "-n", ns.name, "sbx/life", "--timeout=180s").ok(); // waits: the finalizer is released
        assertEquals(null, ns.session("life").get());
        for (var entry : List.<Supplier<HasMetadata>>of(secret::get, pod::get, service::get, claim::get)) {
            Await.until("garbage collection", Duration.ofMinutes(3), () -> entry.get() == null ? "gone" : null, "gone"::equals);
        }
        assertNotNull(cluster.client.persistentVolumes().withName(VOLUME).get());
    }

    private static boolean appliedBy(HasMetadata object, String manager) {
        List<ManagedFieldsEntry> fields = object.getMetadata().getManagedFields();
        return fields != null && fields.stream().anyMatch(f -> manager.equals(f.getManager()) && "Apply".equals(f.getOperation()));
    }
}
