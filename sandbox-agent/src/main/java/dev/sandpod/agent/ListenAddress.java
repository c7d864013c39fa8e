package dev.sandpod.agent;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * Where the agent listens, and what it says about that at start. With {@code SESSION_API_KEY} it
 * binds {@code --host} (default every interface: a pod's or container's port must be reachable).
 * Without a key anyone who reaches the port runs commands as the sandbox user, so it binds the
 * loopback interface unless {@code --host} names another address <em>and</em>
 * {@code --allow-no-key} says that is meant.
 *
 * @param host   the address to bind
 * @param notice what to tell the user at start about authentication; null when a key is set
 */
record ListenAddress(String host, String notice) {

    static final String EVERY_INTERFACE = "0.0.0.0";
    static final String LOOPBACK = "127.0.0.1";

    static ListenAddress of(AgentOptions options, boolean keyed) throws AgentOptions.UsageException {
        if (keyed) {
            return new ListenAddress(options.host() != null ? options.host() : EVERY_INTERFACE, null);
        }
        if (options.host() == null || loopback(options.host())) {
            String host = options.host() != null ? options.host() : LOOPBACK;
            return new ListenAddress(host, "no SESSION_API_KEY is set: serving WITHOUT authentication, on " + host
                    + " only (loopback): every local user and process can run commands through this agent."
                    + " Set SESSION_API_KEY to require a key.");
        }
        if (!options.allowNoKey()) {
            throw new AgentOptions.UsageException("Refusing to serve on " + options.host() + " without SESSION_API_KEY:"
                    + " anyone who reaches that address could run commands. Set SESSION_API_KEY, or use --host "
                    + LOOPBACK + ", or add --allow-no-key to serve without a key anyway.", 2);
        }
        return new ListenAddress(options.host(), "no SESSION_API_KEY is set and --allow-no-key was given: serving WITHOUT"
                + " authentication on " + options.host() + ": anyone who reaches it can run commands through this agent.");
    }

    /** Whether every address {@code host} names is a loopback one (a name that does not resolve is not). */
    static boolean loopback(String host) {
        try {
            InetAddress[] addresses = InetAddress.getAllByName(host);
            for (InetAddress address : addresses) {
                if (!address.isLoopbackAddress()) {
                    return false;
                }
            }
            return addresses.length > 0;
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
