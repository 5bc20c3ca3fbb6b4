package io.scaligator.engine.core;

import io.scaligator.common.config.MetricRule;
import io.scaligator.common.config.MetricRule.ForecastMode;
import io.scaligator.common.event.Recommendation;
import java.time.Duration;
import java.time.Instant;

/**
 * The forecast source of a proportional metric rule: ceil(peak forecast demand over the horizon x (1 + margin) /
 * target), from the target's {@link DemandProfile}. It acts (forecast-and-scale) only once at least
 * {@link #MIN_SCORED} slots have been scored and its recent error is below the naive forecast's ("the next slot is
 * like the last one", what a reactive rule acts on; {@link DemandProfile#relativeError()}): a forecast that does not
 * beat it adds cost without knowing more, and the predictive autoscalers' own docs warn that a poor forecast is
 * worse than none. Otherwise, and in forecast-only mode, its recommendation carries no count, only what it would be
 * and why it does not act. An absolute error bound would not do: on bursty demand (counts per 5 minutes) even a
 * good forecast misses by a third, and on smooth demand even a poor one looks small.
 *
 * <p>Demand is what the rule's target is a share of: for {@code average_value} the value itself (the workload's
 * sum), otherwise the per-replica value x ready replicas.
 */
final class Forecaster {

    /** Scored slots needed before the forecast acts: one day, so every hour of the day has been checked once. */
    static final int MIN_SCORED = DemandProfile.DAY;

    /** What the forecast says for one rule: the recommendation, and the count it confirms for the down window. */
    record Outcome(Recommendation recommendation, Integer confirmedDown, boolean acts) {}

    private Forecaster() {}

    /**
     * The demand the rule's sample stands for; {@code windowReady} is the ready count the sample's metric window
     * averaged over ({@link TargetState#windowReady(java.time.Duration)}).
     */
    static double demand(MetricRule rule, double value, double windowReady) {
        return rule.targetType() == MetricRule.TargetType.AVERAGE_VALUE ? value : value * windowReady;
    }

    /**
     * Whether the sample says only that demand was at least what the pods served: CPU utilization within the
     * tolerance of the pods' request, where the pods may have been short and the utilization, capped by them, no
     * longer shows how much. Values (request rates, queue lengths) are not capped by the pods.
     */
    static boolean censored(MetricRule rule, double value, double tolerance) {
        return rule.kind() == MetricRule.MetricKind.UTILIZATION && value >= 1 - tolerance;
    }

    /**
     * The forecast of {@code rule} at {@code now} from {@code profile}; {@code downWindow} is the scale-down
     * stabilization window the forecast may confirm.
     */
    static Outcome forecast(
            MetricRule rule, ForecastMode mode, DemandProfile profile, Instant now, Duration downWindow) {
        String source = Source.FORECAST.of(rule.name());
        MetricRule.Forecast settings = rule.forecast();
        Duration horizon = settings.horizon() != null ? settings.horizon() : MetricRule.FORECAST_STARTUP_ALLOWANCE;
        DemandProfile.Estimate peak = peak(profile, now, horizon, false);
        if (peak == null) {
            return new Outcome(
                    new Recommendation(
                            source,
                            null,
                            "abstains: too little history for the next "
                                    + TargetState.human(horizon) + " (needs the same " + DemandProfile.SLOT_SECONDS / 60
                                    + "-minute slot on at least "
                                    + DemandProfile.MIN_DAYS + " of the last 7 days)"),
                    null,
                    false);
        }
        double target = settings.target() != null ? settings.target() : rule.target();
        int replicas = replicas(peak.demand(), settings.margin(), target);
        String sizing = peak.basis() + "; peak over the next " + TargetState.human(horizon) + ": "
                + DemandProfile.number(peak.demand()) + " x " + (1 + settings.margin()) + " / "
                + target + " = " + replicas + " replicas";
        String error =
                "recent error " + Math.round(profile.error() * 100) + " %, " + Math.round(profile.relativeError() * 100)
                        + " % of the naive forecast's, over " + profile.scoredSlots()
                        + " scored slots";
        if (mode == ForecastMode.FORECAST_ONLY) {
            return new Outcome(
                    new Recommendation(source, null, "forecast-only, does not act: " + sizing + " (" + error + ")"),
                    null,
                    false);
        }
        if (profile.scoredSlots() < MIN_SCORED) {
            return new Outcome(
                    new Recommendation(
                            source,
                            null,
                            "abstains until " + MIN_SCORED + " slots are scored (" + error + "): " + sizing),
                    null,
                    false);
        }
        if (profile.relativeError() >= 1) {
            return new Outcome(
                    new Recommendation(
                            source, null, "abstains: it does not beat the naive forecast (" + error + "): " + sizing),
                    null,
                    false);
        }
        DemandProfile.Estimate window = peak(profile, now, downWindow, true);
        Integer confirmed = window == null ? null : replicas(window.demand(), settings.margin(), rule.target());
        return new Outcome(new Recommendation(source, replicas, sizing + " (" + error + ")"), confirmed, true);
    }

    /**
     * The highest estimate of the slots from now to now + span; null if none has one, or, when {@code every}, if
     * any has none (a down window is confirmed only by a forecast of all of it).
     */
    private static DemandProfile.Estimate peak(DemandProfile profile, Instant now, Duration span, boolean every) {
        long first = DemandProfile.slotOf(now);
        long last = DemandProfile.slotOf(now.plus(span));
        DemandProfile.Estimate best = null;
        for (long s = first; s <= last; s++) {
            DemandProfile.Estimate e = profile.estimate(s);
            if (e == null && every) {
                return null;
            }
            if (e != null && (best == null || e.demand() > best.demand())) {
                best = e;
            }
        }
        return best;
    }

    /** The count for a demand; the tiny allowance keeps 7 x 1.1 / 0.7 = 11.000000000000002 at 11. */
    private static int replicas(double demand, double margin, double target) {
        return (int) Math.min(Integer.MAX_VALUE, Math.ceil(demand * (1 + margin) / target - 1e-9));
    }
}
