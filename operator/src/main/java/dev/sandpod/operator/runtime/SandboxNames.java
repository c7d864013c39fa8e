package dev.sandpod.operator.runtime;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The names and labels a session's sandbox carries outside Kubernetes. Docker container and volume
 * names must be unique per engine, so they are derived injectively from namespace and name: the
 * separator {@code _} cannot occur in either (Kubernetes names are DNS labels/subdomains), so
 * {@code a-b/c} and {@code a/b-c} never collide. The same check keeps names safe as path segments
 * for the process runtime.
 */
final class SandboxNames {

    static final String NAMESPACE_LABEL = "sandpod.dev/namespace";
    static final String NAME_LABEL = "sandpod.dev/name";
    static final String UID_LABEL = "sandpod.dev/uid";
    static final String MANAGED_BY_LABEL = "app.kubernetes.io/managed-by";
    static final String MANAGED_BY = "sandpod";

    private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");
    private static final Pattern DNS_SUBDOMAIN = Pattern.compile("[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?");

    private SandboxNames() {
    }

    /** Throws with what to fix when the namespace or name is not a valid Kubernetes name. */
    static void validate(String namespace, String name) {
        if (namespace == null || !DNS_LABEL.matcher(namespace).matches()) {
            throw new IllegalArgumentException("Invalid session namespace '" + namespace
                    + "': use lowercase letters, digits and '-' (at most 63), starting and ending with a letter or digit");
        }
        if (name == null || !DNS_SUBDOMAIN.matcher(name).matches()) {
            throw new IllegalArgumentException("Invalid session name '" + name
                    + "': use lowercase letters, digits, '-' and '.' (at most 253), starting and ending with a letter or digit");
        }
    }

    static String containerName(String namespace, String name) {
        return "sandpod-" + namespace + "_" + name;
    }

    static String volumeName(String namespace, String name) {
        return containerName(namespace, name) + "-workspace";
    }

    /** The labels that find a session's sandbox whatever its uid. */
    static Map<String, String> selector(String namespace, String name) {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put(MANAGED_BY_LABEL, MANAGED_BY);
        labels.put(NAMESPACE_LABEL, namespace);
        labels.put(NAME_LABEL, name);
        return labels;
    }

    static Map<String, String> labels(SandboxRequest request) {
        Map<String, String> labels = selector(request.namespace(), request.name());
        labels.put(UID_LABEL, request.uid() == null ? "" : request.uid());
        return labels;
    }
}
