package dev.sandpod.operator.runtime;

import java.util.List;
import java.util.Map;

/**
 * What a runtime needs to start one session's sandbox, independent of where the session came
 * from (a SandboxSession resource, or the command line without a cluster).
 *
 * @param namespace       the session's namespace (labels; "local" without a cluster)
 * @param name            the session's name
 * @param uid             the session's unique id (labels; adoption after a restart)
 * @param image           the sandbox image
 * @param imagePullPolicy Always, IfNotPresent or Never; null for the runtime's default
 * @param workingDir      the agent's working directory, e.g. /workspace
 * @param userName        the user the shell runs as
 * @param userId          that user's uid
 * @param root            whether the sandbox runs as root
 * @param env             extra environment for the sandbox
 * @param plugins         agent plugins to enable
 * @param noChangeSeconds the agent's soft timeout for commands that print nothing new
 * @param apiKey          the session's API key; never logged
 * @param limits          memory, CPU and process limits ({@link SandboxLimits#NONE} for none)
 */
public record SandboxRequest(
        String namespace,
        String name,
        String uid,
        String image,
        String imagePullPolicy,
        String workingDir,
        String userName,
        int userId,
        boolean root,
        Map<String, String> env,
        List<String> plugins,
        int noChangeSeconds,
        String apiKey,
        SandboxLimits limits) {

    public SandboxRequest {
        limits = limits == null ? SandboxLimits.NONE : limits;
    }

    /** A request without resource limits (but the default process limit). */
    public SandboxRequest(String namespace, String name, String uid, String image, String imagePullPolicy,
                          String workingDir, String userName, int userId, boolean root, Map<String, String> env,
                          List<String> plugins, int noChangeSeconds, String apiKey) {
        this(namespace, name, uid, image, imagePullPolicy, workingDir, userName, userId, root, env, plugins,
                noChangeSeconds, apiKey, SandboxLimits.NONE);
    }

    @Override
    public String toString() {
        // the API key never reaches a log line through toString()
        return "SandboxRequest[" + namespace + "/" + name + ", uid=" + uid + ", image=" + image + "]";
    }
}
