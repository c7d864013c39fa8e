package dev.sandpod.api.agent;

import java.util.List;

/** The action types of the OpenHands wire protocol that the sandbox agent understands. */
public final class ActionTypes {
    public static final String RUN = "run";
    public static final String READ = "read";
    public static final String WRITE = "write";
    public static final String EDIT = "edit";
    public static final String RUN_IPYTHON = "run_ipython";
    public static final String BROWSE = "browse";
    public static final String BROWSE_INTERACTIVE = "browse_interactive";

    /** Every type, in the order error messages list them. */
    public static final List<String> ALL = List.of(RUN, READ, WRITE, EDIT, RUN_IPYTHON, BROWSE, BROWSE_INTERACTIVE);

    private ActionTypes() {
    }
}
