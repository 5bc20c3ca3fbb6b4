package io.scaligator.engine.core;

import java.time.Instant;
import java.util.Map;

/**
 * A target's effective bounds and schedule at an instant, from the policy and its annotations: the part of the
 * explain view that is computed rather than stored. {@code problem} names an annotation that cannot be read (the
 * bounds are then the policy's and the schedule is unknown).
 */
public record TargetOutlook(int minReplicas, int maxReplicas, ScheduleStatus schedule, String problem) {

    public static TargetOutlook of(String namespace, Map<String, String> annotations, Policy policy, Instant now) {
        try {
            Overrides overrides = Overrides.read(annotations, policy);
            return new TargetOutlook(
                    overrides.min(), overrides.max(), ScheduleStatus.at(now, namespace, overrides, policy), null);
        } catch (Overrides.BadAnnotation e) {
            return new TargetOutlook(policy.minReplicas(), policy.maxReplicas(), null, e.getMessage());
        }
    }
}
