package dev.sandpod.agent.files;

import dev.sandpod.agent.ActionExecutor;
import dev.sandpod.agent.SandboxContext;
import dev.sandpod.api.agent.Action;
import dev.sandpod.api.agent.ActionTypes;
import dev.sandpod.api.agent.Observation;

/**
 * The {@code edit} action: one {@link FileEditor} command. As in the OpenHands server, every
 * failure comes back as an {@code edit} observation whose content starts with {@code ERROR:\n}.
 */
public final class EditExecutor implements ActionExecutor {

    private final FileEditor editor;

    public EditExecutor(SandboxContext context) {
        this(new FileEditor(context));
    }

    /** An executor sharing {@code editor} (and its undo history) with other executors. */
    public EditExecutor(FileEditor editor) {
        this.editor = editor;
    }

    @Override
    public String type() {
        return ActionTypes.EDIT;
    }

    @Override
    public Observation execute(Action action) {
        ActionArgs args = new ActionArgs(ActionTypes.EDIT, action.args());
        String path = null;
        String oldStr = null;
        String newStr = null;
        try {
            path = args.optionalString("path");
            oldStr = args.optionalString("old_str");
            newStr = args.optionalString("new_str");
            EditRequest request = new EditRequest(args.optionalString("command"), path,
                    args.optionalString("file_text"), args.raw("view_range"), oldStr, newStr, insertLine(args));
            EditResult result = editor.execute(request);
            String diff = UnifiedDiff.between(orEmpty(result.oldContent()), orEmpty(result.newContent()), path);
            return FileObservations.edit(path, result.output(), result.prevExist(), oldStr, newStr, diff);
        } catch (EditorException | ActionArgs.InvalidArgumentException e) {
            return FileObservations.edit(path, "ERROR:\n" + e.getMessage(), false, oldStr, newStr, "");
        }
    }

    /** {@code insert_line} may come as a string; the OpenHands server converts it the same way. */
    private static Integer insertLine(ActionArgs args) throws EditorException {
        var raw = args.raw("insert_line");
        if (raw == null) {
            return null;
        }
        if (raw.isIntegralNumber() && raw.canConvertToInt()) {
            return raw.intValue();
        }
        String text = raw.isTextual() ? raw.asText() : raw.toString();
        try {
            return Integer.parseInt(text.strip());
        } catch (NumberFormatException e) {
            throw new EditorException("Invalid insert_line value: '" + text + "'. Expected an integer.");
        }
    }

    private static String orEmpty(String text) {
        return text == null ? "" : text;
    }
}
