package io.scaligator.engine.core;

import io.scaligator.common.event.Decision;
import io.scaligator.common.event.ScaleCommand;
import java.util.Objects;

/**
 * The result of evaluating one signal: the decision (absent only for signals that name no workload), the command
 * it issued (only for scale decisions) and the target's new state.
 */
public record Evaluation(Decision decision, ScaleCommand command, TargetState state) {

    public Evaluation {
        Objects.requireNonNull(state, "state");
        if (command != null && (decision == null || !command.id().equals(decision.commandId()))) {
            throw new IllegalArgumentException("a command must belong to the evaluation's decision");
        }
    }
}
