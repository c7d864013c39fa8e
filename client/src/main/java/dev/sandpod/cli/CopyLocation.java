package dev.sandpod.cli;

import dev.sandpod.client.SandpodException;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One side of {@code sandpod cp}: {@code NAME:/abs/path} in a session, or a local path. A local
 * path that contains a colon can be written as {@code ./a:b}.
 *
 * @param session the session's name, or null for a local path
 * @param path    the absolute path in the session, or the local path
 */
record CopyLocation(String session, String path) {

    private static final Pattern REMOTE = Pattern.compile("([a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?):(.*)");

    static CopyLocation parse(String argument) {
        if (argument == null || argument.isEmpty()) {
            throw new SandpodException("Empty path: give a local path or NAME:/absolute/path");
        }
        Matcher m = REMOTE.matcher(argument);
        if (!m.matches()) {
            return new CopyLocation(null, argument);
        }
        String path = m.group(3);
        if (!path.startsWith("/")) {
            throw new SandpodException("'" + argument + "': the path in the session must be absolute, e.g. "
                    + m.group(1) + ":/workspace/" + path);
        }
        return new CopyLocation(m.group(1), path);
    }

    boolean remote() {
        return session != null;
    }

    /** The last name of the path ({@code /workspace/out/} gives {@code out}). */
    String baseName() {
        String trimmed = path.replaceAll("/+$", "");
        return trimmed.substring(trimmed.lastIndexOf('/') + 1);
    }

    /** The directory holding the path ({@code /workspace/out} gives {@code /workspace}). */
    String parent() {
        String trimmed = path.replaceAll("/+$", "");
        int slash = trimmed.lastIndexOf('/');
        return slash <= 0 ? "/" : trimmed.substring(0, slash);
    }
}
