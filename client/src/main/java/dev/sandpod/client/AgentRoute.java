package dev.sandpod.client;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.LocalPortForward;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;

/**
 * How this process reaches a Kubernetes session's agent: at {@code status.endpoint} when its host
 * resolves (the caller runs in the cluster), else through a port-forward to the pod's port 47000
 * (the caller is outside; {@code *.svc} names resolve only inside the cluster).
 */
final class AgentRoute {

    static final int AGENT_PORT = 47000;

    /** Where to call, and what to close afterwards (the port-forward, or null). */
    record Reached(URI endpoint, AutoCloseable connection) {
    }

    private AgentRoute() {
    }

    static Reached reach(KubernetesClient client, String namespace, String podName, URI endpoint) {
        if (resolves(endpoint.getHost())) {
            return new Reached(endpoint, null);
        }
        if (podName == null) {
            throw new SandpodException("Cannot reach " + endpoint + " from here and the session names no pod to "
                    + "port-forward to; run the caller inside the cluster");
        }
        try {
            LocalPortForward forward = client.pods().inNamespace(namespace).withName(podName).portForward(AGENT_PORT);
            return new Reached(URI.create("http://127.0.0.1:" + forward.getLocalPort()), forward);
        } catch (RuntimeException e) {
            throw new SandpodException("Cannot port-forward to pod " + namespace + "/" + podName + " port " + AGENT_PORT
                    + " (" + e.getMessage() + "): check that you may create pods/portforward in " + namespace, e);
        }
    }

    static boolean resolves(String host) {
        if (host == null) {
            return false;
        }
        try {
            InetAddress.getByName(host);
            return true;
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
