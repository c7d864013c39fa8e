package dev.sandpod.agent.files;

/**
 * What an editor command produced: the text for the model, and the file's contents before and
 * after (null where the command does not change the file).
 */
record EditResult(String output, String path, boolean prevExist, String oldContent, String newContent) {

    static EditResult viewed(String output, String path) {
        return new EditResult(output, path, true, null, null);
    }
}
