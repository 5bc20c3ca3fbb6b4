package io.scaligator.common.event;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.scaligator.common.target.TargetRef;
import java.time.Instant;
import java.util.List;

/**
 * One evaluation of one target: the input it was made on, each source's recommendation, the rule that won and
 * the result with its reason. Every evaluation is recorded, holds and refusals included: this is the audit log.
 */
public record Decision(
        String id,
        TargetRef target,
        Instant decidedAt,
        InputRef input,
        String policyVersion,
        int currentReplicas,
        List<MetricSample> metrics,
        List<Recommendation> recommendations,
        Result result,
        int desiredReplicas,
        String rule,
        String reason,
        String commandId)
        implements ScaligatorEvent {

    /** The outcome of an evaluation. */
    public enum Result {
        /** Replicas change: a command with {@code commandId} was issued. */
        @JsonProperty("scale")
        SCALE,
        /** Replicas stay as they are, for the stated reason. */
        @JsonProperty("hold")
        HOLD,
        /** The target may not be scaled by Scaligator (another autoscaler, excluded, not allowed). */
        @JsonProperty("refused")
        REFUSED
    }

    public Decision {
        Checks.requireText(id, "id");
        Checks.require(target, "target");
        Checks.require(decidedAt, "decidedAt");
        Checks.require(input, "input");
        Checks.requireText(policyVersion, "policyVersion");
        Checks.requireNonNegative(currentReplicas, "currentReplicas");
        metrics = Checks.listCopy(metrics);
        recommendations = Checks.listCopy(recommendations);
        Checks.require(result, "result");
        Checks.requireNonNegative(desiredReplicas, "desiredReplicas");
        Checks.requireText(rule, "rule");
        Checks.requireText(reason, "reason");
        if ((result == Result.SCALE) != (commandId != null)) {
            throw new IllegalArgumentException("commandId must be set exactly when the result is scale");
        }
        if (result == Result.SCALE && desiredReplicas == currentReplicas) {
            throw new IllegalArgumentException(
                    "a scale decision must change the replicas, both are " + currentReplicas);
        }
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
