package dev.sandpod.client;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * What {@code ~/.sandpod/sessions/<name>/session.json} holds, so later commands ({@code exec},
 * {@code cp}, {@code down}) find a session without flags. Never the key: that is in {@code key}
 * beside it, readable by its owner only.
 *
 * @param name      the session's name
 * @param runtime   kubernetes, docker or process
 * @param namespace its namespace; {@code local} for docker and process sessions
 * @param endpoint  the agent's URL as the session reports it
 * @param uid       a local session's uid, stable for its life (a sandbox with another uid is a leftover)
 * @param image     the image it was created from
 * @param createdAt when it was created (ISO-8601)
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record LocalSessionRecord(String name, String runtime, String namespace, String endpoint, String uid,
                                 String image, String createdAt) {

    /** The same record with another endpoint. */
    public LocalSessionRecord withEndpoint(String newEndpoint) {
        return new LocalSessionRecord(name, runtime, namespace, newEndpoint, uid, image, createdAt);
    }
}
