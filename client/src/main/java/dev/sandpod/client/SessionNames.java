package dev.sandpod.client;

import java.util.regex.Pattern;

/** Checks session names before they become resource names, container names or directories. */
public final class SessionNames {

    private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");

    private SessionNames() {
    }

    /** Returns {@code name} when it is a valid session name; else throws with what to fix. */
    public static String validate(String name) {
        if (name == null || !DNS_LABEL.matcher(name).matches()) {
            throw new SandpodException("Invalid session name '" + name + "': use at most 63 lower-case letters, digits "
                    + "and '-', starting and ending with a letter or digit, e.g. 'demo-1'");
        }
        return name;
    }
}
