package io.scaligator.common.event;

import io.scaligator.common.target.TargetRef;
import java.time.Instant;

/**
 * An instruction to set a target's replicas, issued by a scale decision. Its id is deterministic (derived from
 * the decision's input record), so the actuator can apply it idempotently and a replay reproduces it.
 */
public record ScaleCommand(
        String id,
        String decisionId,
        TargetRef target,
        int fromReplicas,
        int toReplicas,
        String rule,
        String reason,
        Instant decidedAt,
        String policyVersion)
        implements ScaligatorEvent {

    public ScaleCommand {
        Checks.requireText(id, "id");
        Checks.requireText(decisionId, "decisionId");
        Checks.require(target, "target");
        Checks.requireNonNegative(fromReplicas, "fromReplicas");
        Checks.requireNonNegative(toReplicas, "toReplicas");
        if (fromReplicas == toReplicas) {
            throw new IllegalArgumentException("a command must change the replicas, both are " + toReplicas);
        }
        Checks.requireText(rule, "rule");
        Checks.requireText(reason, "reason");
        Checks.require(decidedAt, "decidedAt");
        Checks.requireText(policyVersion, "policyVersion");
    }

    public boolean scalesUp() {
        return toReplicas > fromReplicas;
    }

    @Override
    public String key() {
        return target.key();
    }

    @Override
    public Instant eventTime() {
        return decidedAt;
    }
}
