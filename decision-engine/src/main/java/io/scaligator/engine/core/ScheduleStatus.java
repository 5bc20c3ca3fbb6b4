package io.scaligator.engine.core;

import java.time.Duration;
import java.time.Instant;

/**
 * Whether a target is in a downtime window at an instant, by which schedule, and when that next changes (looking
 * {@link #HORIZON} ahead; null when it does not change within it): what the explain view shows.
 */
public record ScheduleStatus(String source, boolean downtime, int downtimeReplicas, String reason, Instant nextChange) {

    /** How far ahead the next change is looked for: a weekly schedule changes within a week. */
    static final Duration HORIZON = Duration.ofDays(8);

    /** The status at {@code now}, or null when no schedule applies to the target. */
    static ScheduleStatus at(Instant now, String namespace, Overrides overrides, Policy policy)
            throws Overrides.BadAnnotation {
        TimeWindows.Verdict verdict = TimeWindows.at(now, namespace, overrides, policy);
        if (verdict == null) {
            return null;
        }
        Instant next = null;
        // The verdict is constant between the schedules' boundaries, so only they need testing.
        for (Instant t : TimeWindows.boundaries(now, now.plus(HORIZON), namespace, overrides, policy)) {
            if (TimeWindows.at(t, namespace, overrides, policy).downtime() != verdict.downtime()) {
                next = t;
                break;
            }
        }
        return new ScheduleStatus(verdict.source(), verdict.downtime(), verdict.replicas(), verdict.reason(), next);
    }
}
