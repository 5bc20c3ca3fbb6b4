package io.scaligator.common.event;

import com.fasterxml.jackson.annotation.JsonProperty;
/** An external system's request to scale a workload, valid for {@code ttlSeconds} after it was received. */
public record TriggerDetails(TriggerAction action, Integer replicas, Integer step, long ttlSeconds, String reason,
        String source) {

    /** What a trigger asks for. */
    public enum TriggerAction {
        @JsonProperty("scale_to") SCALE_TO,
        @JsonProperty("scale_up") SCALE_UP,
        @JsonProperty("scale_down") SCALE_DOWN,
        @JsonProperty("hold") HOLD
    }

    public TriggerDetails {
        Checks.require(action, "trigger.action");
        Checks.requireText(source, "trigger.source");
        if (ttlSeconds <= 0) {
            throw new IllegalArgumentException("trigger.ttlSeconds must be > 0, was " + ttlSeconds);
        }
        switch (action) {
            case SCALE_TO -> {
                if (replicas == null || replicas < 0 || step != null) {
                    throw new IllegalArgumentException("scale_to needs replicas >= 0 and no step");
                }
            }
            case SCALE_UP, SCALE_DOWN -> {
                if (step == null || step < 1 || replicas != null) {
                    throw new IllegalArgumentException("scale_up and scale_down need step >= 1 and no replicas");
                }
            }
            case HOLD -> {
                if (replicas != null || step != null) {
                    throw new IllegalArgumentException("hold takes neither replicas nor step");
                }
            }
        }
    }
}
