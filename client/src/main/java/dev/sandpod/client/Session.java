package dev.sandpod.client;

import java.net.URI;

/**
 * A Ready session: its agent and, when the caller is outside the cluster, the port-forward that
 * reaches it. {@link #close()} closes the connection, not the session; delete sessions with
 * {@link SessionClient#delete(String)}.
 */
public final class Session implements AutoCloseable {

    private final String name;
    private final String namespace;
    private final String runtime;
    private final URI endpoint;
    private final AgentClient agent;
    private final AutoCloseable connection;

    /**
     * @param endpoint   the endpoint the session reports (status.endpoint); the agent client may use
     *                   another one (a port-forward)
     * @param connection closed by {@link #close()}; null when there is nothing to close
     */
    public Session(String name, String namespace, String runtime, URI endpoint, AgentClient agent, AutoCloseable connection) {
        this.name = name;
        this.namespace = namespace;
        this.runtime = runtime;
        this.endpoint = endpoint;
        this.agent = agent;
        this.connection = connection;
    }

    /** The session's name. */
    public String name() {
        return name;
    }

    /** Its namespace; {@code local} for a session without a cluster. */
    public String namespace() {
        return namespace;
    }

    /** kubernetes, docker or process. */
    public String runtime() {
        return runtime;
    }

    /** The endpoint the session reports; see {@link AgentClient#endpoint()} for the one this client calls. */
    public URI endpoint() {
        return endpoint;
    }

    /** Typed calls on the session's agent. */
    public AgentClient agent() {
        return agent;
    }

    /** Closes the port-forward, if any; the session keeps running. */
    @Override
    public void close() {
        if (connection != null) {
            try {
                connection.close();
            } catch (Exception e) {
                // a port-forward that fails to close leaves nothing behind but a closed socket
            }
        }
    }
}
