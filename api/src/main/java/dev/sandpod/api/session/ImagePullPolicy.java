package dev.sandpod.api.session;

/** When the sandbox image is pulled, with Kubernetes' meaning and spelling. */
public enum ImagePullPolicy {
    /** Pull on every start. */
    Always,
    /** Pull only when the image is not present on the node (or Docker host). */
    IfNotPresent,
    /** Never pull; the image must be present. */
    Never
}
