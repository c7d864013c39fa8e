package dev.sandpod.cli;

import io.fabric8.kubernetes.client.KubernetesClient;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** A kubeconfig that points the command line at a test's mock API server, namespace {@code test}. */
final class MockKubeconfig {

    private MockKubeconfig() {
    }

    /** Writes it into {@code dir}; returns the environment that selects it. */
    static Map<String, String> write(Path dir, KubernetesClient client) throws IOException {
        Path file = Files.writeString(dir.resolve("kubeconfig"), """
                apiVersion: v1
                kind: Config
                clusters: [{name: mock, cluster: {server: "%s", insecure-skip-tls-verify: true}}]
                users: [{name: mock, user: {token: test}}]
                contexts: [{name: mock, context: {cluster: mock, user: mock, namespace: test}}]
                current-context: mock
                """.formatted(client.getMasterUrl()));
        return Map.of("KUBECONFIG", file.toString());
    }
}
