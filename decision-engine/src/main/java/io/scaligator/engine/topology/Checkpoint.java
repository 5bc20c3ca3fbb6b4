package io.scaligator.engine.topology;

import io.scaligator.common.event.InputRef;
import io.scaligator.engine.core.TargetState;
import java.time.Instant;
import java.util.Objects;

/**
 * A target's state just before the engine applied one input: re-running that input and the target's later ones
 * from {@code state}, with the policy each was decided with, reproduces their decisions. Written to the compacted
 * checkpoints topic in the transaction of the decision {@code decisionId} (the decision of {@code input}), so a
 * checkpoint never disagrees with the decisions topic.
 *
 * @param at the input's record time, which decides when a target's next checkpoint is due
 */
public record Checkpoint(
        String target, TargetState state, InputRef input, String decisionId, String policyVersion, Instant at) {

    public Checkpoint {
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(input, "input");
        Objects.requireNonNull(decisionId, "decisionId");
        Objects.requireNonNull(policyVersion, "policyVersion");
        Objects.requireNonNull(at, "at");
    }
}
