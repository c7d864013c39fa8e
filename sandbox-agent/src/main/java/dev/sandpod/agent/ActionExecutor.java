package dev.sandpod.agent;

import dev.sandpod.api.agent.Action;
import dev.sandpod.api.agent.Observation;

/**
 * Executes one action type of the wire protocol. Executors never throw for bad input a caller
 * can send: they answer an error observation whose text says what to fix.
 */
public interface ActionExecutor {

    /** The action type this executor handles, one of {@link dev.sandpod.api.agent.ActionTypes}. */
    String type();

    /** Executes the action; {@code action.args()} is never null. */
    Observation execute(Action action);

    /**
     * Executes the action for a request in a given wire dialect. Executors whose observations do
     * not differ between dialects keep the default: {@link WireDialect#body} shapes their extras.
     */
    default Observation execute(Action action, ActionContext context) {
        return execute(action);
    }
}
