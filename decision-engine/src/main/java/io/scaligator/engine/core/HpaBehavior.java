package io.scaligator.engine.core;

import java.time.Instant;
import java.util.List;

/**
 * The HPA's scaling behaviour, computed as the Kubernetes HPA controller does: stabilization over recent
 * recommendations, then rate policies over recent scale events (up: the larger of percent and pods per period;
 * down: percent per period).
 */
final class HpaBehavior {

    private HpaBehavior() {}

    /**
     * The stabilized recommendation: not above the lowest recommendation of the up window, not below the highest
     * of the down window, relative to the current count. {@code history} includes the newest recommendation.
     */
    static int stabilize(
            int current, int recommendation, List<TargetState.TimedReplicas> history, Instant now, Behavior behavior) {
        int up = recommendation;
        int down = recommendation;
        Instant upStart = now.minus(behavior.stabilizationUp());
        Instant downStart = now.minus(behavior.stabilizationDown());
        for (TargetState.TimedReplicas r : history) {
            if (r.after(upStart)) {
                up = Math.min(up, r.replicas());
            }
            if (r.after(downStart)) {
                down = Math.max(down, r.replicas());
            }
        }
        int result = current;
        if (result < up) {
            result = up;
        }
        if (result > down) {
            result = down;
        }
        return result;
    }

    /** The highest count the scale-up rate policies allow now. */
    static int scaleUpLimit(int current, List<TargetState.ScaleEvent> events, Instant now, Behavior behavior) {
        int start = periodStart(current, events, now, behavior.scaleUpPeriod());
        int byPercent = (int) Math.ceil(start * (1 + behavior.scaleUpPercent() / 100.0));
        return Math.max(byPercent, start + behavior.scaleUpPods());
    }

    /** The lowest count the scale-down rate policy allows now. */
    static int scaleDownLimit(int current, List<TargetState.ScaleEvent> events, Instant now, Behavior behavior) {
        int start = periodStart(current, events, now, behavior.scaleDownPeriod());
        return (int) (start * (1 - behavior.scaleDownPercent() / 100.0));
    }

    /** The replicas at the start of the period: current minus what was added, plus what was removed within it. */
    private static int periodStart(
            int current, List<TargetState.ScaleEvent> events, Instant now, java.time.Duration period) {
        Instant start = now.minus(period);
        int added = 0;
        int removed = 0;
        for (TargetState.ScaleEvent e : events) {
            if (e.after(start)) {
                if (e.to() > e.from()) {
                    added += e.to() - e.from();
                } else {
                    removed += e.from() - e.to();
                }
            }
        }
        return Math.max(0, current - added + removed);
    }
}
