package dev.sandpod.agent.files;

/**
 * An editor error; its message is what the caller's model reads after {@code ERROR:\n}. The
 * factories produce the texts of the openhands-aci editor's exceptions, which models are tuned to.
 */
final class EditorException extends Exception {

    EditorException(String message) {
        super(message);
    }

    static EditorException parameterMissing(String command, String parameter) {
        return new EditorException("Parameter `" + parameter + "` is required for command: " + command + ".");
    }

    static EditorException parameterInvalid(String parameter, Object value, String hint) {
        return new EditorException("Invalid `" + parameter + "` parameter: " + value + ". " + hint);
    }

    static EditorException fileValidation(String path, String reason) {
        return new EditorException("File validation failed for " + path + ": " + reason);
    }
}
