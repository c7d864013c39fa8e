package dev.sandpod.client;

import dev.sandpod.api.session.SessionRuntime;
import io.fabric8.kubernetes.api.model.ResourceRequirements;

/**
 * What to create: a session's name, its image, and on Kubernetes where the operator should run
 * it ({@code spec.runtime}).
 *
 * @param name    the session's name (a Kubernetes name: lower case letters, digits, '-')
 * @param image   the sandbox image; null for the Sandpod sandbox image
 * @param runtime {@code spec.runtime} on Kubernetes; null for the operator's default. Local
 *                clients run sessions in their own runtime and ignore it
 * @param resources {@code spec.resources}: requests and limits ({@code limits.pids} too, for Docker); null for
 *                  the defaults (the platform's policy on Kubernetes; the same defaults for local Docker sessions)
 */
public record SessionOptions(String name, String image, SessionRuntime runtime, ResourceRequirements resources) {

    /** A session with the default resources. */
    public SessionOptions(String name, String image, SessionRuntime runtime) {
        this(name, image, runtime, null);
    }

    /** A session with the default image and runtime. */
    public static SessionOptions named(String name) {
        return new SessionOptions(name, null, null);
    }

    /** The same session with another image. */
    public SessionOptions withImage(String image) {
        return new SessionOptions(name, image, runtime, resources);
    }

    /** The same session with these requests and limits. */
    public SessionOptions withResources(ResourceRequirements resources) {
        return new SessionOptions(name, image, runtime, resources);
    }
}
