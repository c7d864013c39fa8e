package dev.sandpod.client;

/** No session of that name exists where the caller looked. */
public final class SessionNotFoundException extends SandpodException {

    /** No session {@code name} in {@code where} (e.g. "this machine", "namespace default"). */
    public SessionNotFoundException(String name, String where) {
        super("No session '" + name + "' in " + where + ": list the sessions with 'sandpod ls', "
                + "or create it with 'sandpod up " + name + "'");
    }
}
