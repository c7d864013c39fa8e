package dev.sandpod.agent.files;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One editor command with its parameters, as the {@code edit} action (or a {@code read} with
 * {@code impl_source: oh_aci}) carries them. Absent parameters are null.
 *
 * @param viewRange the raw {@code view_range} value; validated by the editor as OpenHands does
 */
record EditRequest(String command, String path, String fileText, JsonNode viewRange,
                   String oldStr, String newStr, Integer insertLine) {

    static EditRequest view(String path, JsonNode viewRange) {
        return new EditRequest("view", path, null, viewRange, null, null, null);
    }
}
