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
}
