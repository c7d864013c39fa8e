package dev.sandpod.agent.files;

import dev.sandpod.agent.SandboxUser;
import dev.sandpod.api.agent.Observation;

import java.nio.file.AccessDeniedException;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The observations of the file actions with the {@code extras} OpenHands serializes for them
 * ({@code FileReadObservation}, {@code FileWriteObservation}, {@code FileEditObservation}).
 */
final class FileObservations {

    static final String READ = "read";
    static final String WRITE = "write";
    static final String EDIT = "edit";
    /** {@code FileReadSource.DEFAULT}. */
    static final String SOURCE_DEFAULT = "default";
    /** {@code FileReadSource.OH_ACI} / {@code FileEditSource.OH_ACI}: the editor. */
    static final String SOURCE_EDITOR = "oh_aci";

    private FileObservations() {
    }

    static Observation read(String path, String content, String implSource) {
        Map<String, Object> extras = new LinkedHashMap<>();
        extras.put("path", path);
        extras.put("impl_source", implSource);
        return new Observation(READ, content, extras);
    }

    static Observation write(String path) {
        Map<String, Object> extras = new LinkedHashMap<>();
        extras.put("path", path);
        return new Observation(WRITE, "", extras);
    }

    /**
     * An editor observation. As in OpenHands, {@code old_content} and {@code new_content} carry the
     * action's {@code old_str} and {@code new_str}; {@code diff} is the unified diff of the file.
     */
    static Observation edit(String path, String content, boolean prevExist, String oldStr, String newStr, String diff) {
        Map<String, Object> extras = new LinkedHashMap<>();
        extras.put("path", path);
        extras.put("prev_exist", prevExist);
        extras.put("old_content", oldStr);
        extras.put("new_content", newStr);
        extras.put("impl_source", SOURCE_EDITOR);
        extras.put("diff", diff);
        extras.put("_diff_cache", null);
        return new Observation(EDIT, content, extras);
    }

    /** The text of a permission error: which path, and that file actions have the sandbox user's rights. */
    static String permissionDenied(String verb, String path, AccessDeniedException e, SandboxUser user) {
        String denied = e.getFile() == null || e.getFile().equals(path) ? "" : " (denied on " + e.getFile() + ")";
        return "Permission denied: the sandbox user " + user.name() + " (uid " + user.uid() + ") cannot " + verb + " "
                + path + denied + ". File actions have the rights of the sandbox user, as its shell commands do.";
    }
}
