package io.scaligator.common.event;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.scaligator.common.target.TargetRef;
import java.time.Instant;

/** What became of one command: every command ends in exactly one outcome, refusals included. */
public record ScaleOutcome(
        String id,
        String commandId,
        TargetRef target,
        Status status,
        Integer observedReplicas,
        int requestedReplicas,
        Integer appliedReplicas,
        String message,
        Instant completedAt,
        long durationMillis)
        implements ScaligatorEvent {

    /** The ways a command can end. */
    public enum Status {
        @JsonProperty("applied")
        APPLIED,
        @JsonProperty("dry-run")
        DRY_RUN,
        @JsonProperty("skipped-stale")
        SKIPPED_STALE,
        @JsonProperty("skipped-expired")
        SKIPPED_EXPIRED,
        @JsonProperty("refused-not-allowed")
        REFUSED_NOT_ALLOWED,
        /** The live workload is annotated {@code scaligator.io/exclude=true}. */
        @JsonProperty("refused-excluded")
        REFUSED_EXCLUDED,
        /** The live workload is annotated {@code scaligator.io/paused=true}. */
        @JsonProperty("refused-paused")
        REFUSED_PAUSED,
        /** Within the live bounds (min/max config and annotations) the command would not move the workload its way. */
        @JsonProperty("refused-out-of-bounds")
        REFUSED_OUT_OF_BOUNDS,
        /** The command's decidedAt lies further in the future than the allowed clock skew. */
        @JsonProperty("refused-from-future")
        REFUSED_FROM_FUTURE,
        @JsonProperty("conflict-with-hpa")
        CONFLICT_WITH_HPA,
        @JsonProperty("failed")
        FAILED
    }

    public ScaleOutcome {
        Checks.requireText(id, "id");
        Checks.requireText(commandId, "commandId");
        Checks.require(target, "target");
        Checks.require(status, "status");
        Checks.requireNonNegative(requestedReplicas, "requestedReplicas");
        if ((status == Status.APPLIED) != (appliedReplicas != null)) {
            throw new IllegalArgumentException("appliedReplicas must be set exactly when the status is applied");
        }
        Checks.requireText(message, "message");
        Checks.require(completedAt, "completedAt");
        if (durationMillis < 0) {
            throw new IllegalArgumentException("durationMillis must be >= 0, was " + durationMillis);
        }
    }

    /** The outcome id for a command: one outcome per command, so the id follows from the command's. */
    public static String idFor(String commandId) {
        return commandId + "/outcome";
    }

    @Override
    public String key() {
        return target.key();
    }

    @Override
    public Instant eventTime() {
        return completedAt;
    }
}
