package dev.sandpod.operator;

import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import org.junit.jupiter.api.Test;

import java.net.ConnectException;
import java.util.Map;
import java.util.concurrent.CompletionException;

import static org.junit.jupiter.api.Assertions.assertTrue;

class StartupFailureTest {

    private static final String MASTER = "https://10.0.0.1:6443/";

    @Test
    void noClusterAndNoKubeconfigSaysWhatToDo() {
        String message = StartupFailure.noCluster(Map.of(), new ConfigBuilder().build()).orElseThrow();
        assertTrue(message.contains("no Kubernetes cluster configured"), message);
        assertTrue(message.contains("~/.kube/config is missing"), message);
        assertTrue(message.contains("helm install"), message);
    }

    @Test
    void inClusterOrWithAContextIsAConfiguredCluster() {
        assertTrue(StartupFailure.noCluster(Map.of("KUBERNETES_SERVICE_HOST", "10.0.0.1"), new ConfigBuilder().build()).isEmpty());
        assertTrue(StartupFailure.noCluster(Map.of(), new ConfigBuilder().withCurrentContext(
                new io.fabric8.kubernetes.api.model.NamedContextBuilder().withName("kind").build()).build()).isEmpty());
    }

    @Test
    void missingCrdNamesTheCommand() {
        var error = new RuntimeException(new KubernetesClientException(new StatusBuilder().withCode(404).withMessage("not found").build()));
        String message = StartupFailure.describe(error, MASTER);
        assertTrue(message.contains("does not know SandboxSession"), message);
        assertTrue(message.contains("kubectl apply -f crds/"), message);
    }

    @Test
    void forbiddenPointsAtRbac() {
        var error = new RuntimeException(new KubernetesClientException(new StatusBuilder().withCode(403)
                .withMessage("sandboxsessions.sandpod.dev is forbidden").build()));
        String message = StartupFailure.describe(error, MASTER);
        assertTrue(message.contains("403: sandboxsessions.sandpod.dev is forbidden"), message);
        assertTrue(message.contains("RBAC"), message);
    }

    @Test
    void unreachableServerNamesTheConnectionFailure() {
        var error = new RuntimeException("Error starting operator",
                new CompletionException(new ConnectException("Connection refused")));
        String message = StartupFailure.describe(error, MASTER);
        assertTrue(message.contains(MASTER), message);
        assertTrue(message.contains("ConnectException: Connection refused"), message);
    }
}
