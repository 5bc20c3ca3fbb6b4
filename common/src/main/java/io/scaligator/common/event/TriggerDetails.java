package io.scaligator.common.event;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * An external system's request to scale a workload, valid for {@code ttlSeconds} after it was received, or to
 * cancel an earlier trigger early ({@code cancel}, naming the trigger's signal id in {@code cancels}).
 */
public record TriggerDetails(
        TriggerAction action,
        Integer replicas,
        Integer step,
        long ttlSeconds,
        String reason,
        String source,
        String cancels) {

    /** The largest {@code replicas} or {@code step} a trigger may ask for. */
    public static final int MAX_AMOUNT = 10_000;

    /** What a trigger asks for. */
    public enum TriggerAction {
        @JsonProperty("scale_to")
        SCALE_TO,
        @JsonProperty("scale_up")
        SCALE_UP,
        @JsonProperty("scale_down")
        SCALE_DOWN,
        @JsonProperty("hold")
        HOLD,
        @JsonProperty("cancel")
        CANCEL
    }

    public TriggerDetails {
        Checks.require(action, "trigger.action");
        Checks.requireText(source, "trigger.source");
        if (ttlSeconds <= 0) {
            throw new IllegalArgumentException("trigger.ttlSeconds must be > 0, was " + ttlSeconds);
        }
        switch (action) {
            case SCALE_TO -> {
                if (replicas == null || replicas < 0 || replicas > MAX_AMOUNT || step != null) {
                    throw new IllegalArgumentException(
                            "scale_to needs replicas from 0 to " + MAX_AMOUNT + " and no step");
                }
            }
            case SCALE_UP, SCALE_DOWN -> {
                if (step == null || step < 1 || step > MAX_AMOUNT || replicas != null) {
                    throw new IllegalArgumentException(
                            "scale_up and scale_down need step from 1 to " + MAX_AMOUNT + " and no replicas");
                }
            }
            case HOLD, CANCEL -> {
                if (replicas != null || step != null) {
                    throw new IllegalArgumentException(
                            action.name().toLowerCase(java.util.Locale.ROOT) + " takes neither replicas nor step");
                }
            }
        }
        if ((action == TriggerAction.CANCEL) != (cancels != null)) {
            throw new IllegalArgumentException(
                    "cancels (the id of the trigger to cancel) must be set exactly for " + "the cancel action");
        }
    }

    /** A trigger that asks for a count (not a cancellation). */
    public TriggerDetails(
            TriggerAction action, Integer replicas, Integer step, long ttlSeconds, String reason, String source) {
        this(action, replicas, step, ttlSeconds, reason, source, null);
    }
}
