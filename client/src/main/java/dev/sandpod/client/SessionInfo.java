package dev.sandpod.client;

/**
 * One session as {@code sandpod ls} shows it.
 *
 * @param name      the session's name
 * @param namespace its namespace ({@code local} for sessions without a cluster)
 * @param runtime   kubernetes, docker or process
 * @param phase     Pending, Starting, Ready, Failed, Terminating, or Gone for a local session whose sandbox no longer runs
 * @param endpoint  the agent's URL as the session reports it; may be null
 * @param message   why it is not Ready, when it is not; else null
 */
public record SessionInfo(String name, String namespace, String runtime, String phase, String endpoint, String message) {
}
