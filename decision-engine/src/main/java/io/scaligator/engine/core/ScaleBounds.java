package io.scaligator.engine.core;

import java.time.Instant;

/**
 * The last step of a decision, as the HPA controller takes it: the recommendation is stabilized over the recent
 * ones (the newest already in the state's history), then rate policies and [min, max] bound the step from the
 * current count. Explicit settings (downtime restore, a scale_to trigger) take only the [min, max] clamp.
 */
final class ScaleBounds {

    /** The bounded count; {@code rule} is null when no bound changed the recommendation, else which one did. */
    record Bounded(int replicas, RuleCode rule, String reason) {}

    private ScaleBounds() {}

    /**
     * Stabilization, rate policies and [min, max], in that order. {@code confirmedDown}, if not null, is the most
     * replicas the forecasts expect to need over the whole scale-down window: a scale-down held by the window then
     * goes down to it at once (never below the recommendation), as the window would only wait to see whether demand
     * comes back.
     */
    static Bounded apply(
            int current,
            int recommended,
            TargetState state,
            Instant now,
            Behavior behavior,
            Overrides overrides,
            Integer confirmedDown) {
        int stabilized = HpaBehavior.stabilize(current, recommended, state.recommendations(), now, behavior);
        RuleCode rule = null;
        String reason = "";
        if (confirmedDown != null && stabilized > recommended && stabilized > Math.max(recommended, confirmedDown)) {
            stabilized = Math.max(recommended, confirmedDown);
            reason = "; the forecast expects at most " + confirmedDown + " replicas needed over the down window ("
                    + TargetState.human(behavior.stabilizationDown()) + "), so its rest is skipped";
        }
        if (stabilized != recommended) {
            rule = RuleCode.STABILIZATION;
            reason += "; stabilization window (up " + TargetState.human(behavior.stabilizationUp()) + ", down "
                    + TargetState.human(behavior.stabilizationDown()) + ") keeps " + stabilized;
        }
        int low = overrides.min();
        int high = overrides.max();
        String rate = null;
        if (stabilized > current) {
            int limit = HpaBehavior.scaleUpLimit(current, state.scaleEvents(), now, behavior);
            if (limit < high) {
                high = Math.max(current, limit);
                rate = "scale-up rate policy (max(" + behavior.scaleUpPercent() + "%, " + behavior.scaleUpPods()
                        + " pods) per " + TargetState.human(behavior.scaleUpPeriod()) + ")";
            }
        } else if (stabilized < current) {
            int limit = HpaBehavior.scaleDownLimit(current, state.scaleEvents(), now, behavior);
            if (limit > low) {
                low = Math.min(current, limit);
                rate = "scale-down rate policy (" + behavior.scaleDownPercent() + "% per "
                        + TargetState.human(behavior.scaleDownPeriod()) + ")";
            }
        }
        if (stabilized > high) {
            return new Bounded(
                    high,
                    rate != null ? RuleCode.RATE_LIMIT : RuleCode.MAX_REPLICAS,
                    reason + "; " + (rate != null ? rate + " allows " : "capped at max ") + high);
        }
        if (stabilized < low) {
            return new Bounded(
                    low,
                    rate != null ? RuleCode.RATE_LIMIT : RuleCode.MIN_REPLICAS,
                    reason + "; " + (rate != null ? rate + " allows " : "raised to min ") + low);
        }
        return new Bounded(stabilized, rule, reason);
    }

    /** Only [min, max]: for counts set explicitly, which bypass stabilization and rate policies. */
    static Bounded clamp(int desired, Overrides overrides) {
        int clamped = Math.max(overrides.min(), Math.min(overrides.max(), desired));
        if (clamped == desired) {
            return new Bounded(desired, null, "");
        }
        return clamped > desired
                ? new Bounded(clamped, RuleCode.MIN_REPLICAS, "; raised to min " + clamped)
                : new Bounded(clamped, RuleCode.MAX_REPLICAS, "; capped at max " + clamped);
    }
}
