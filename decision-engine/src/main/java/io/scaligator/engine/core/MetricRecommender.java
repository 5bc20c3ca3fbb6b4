package io.scaligator.engine.core;

import io.scaligator.common.config.MetricRule;
import io.scaligator.common.event.MetricSample;
import io.scaligator.common.event.Recommendation;
import java.util.List;

/**
 * One metric rule's recommendation: threshold mode (above scale_up_threshold: +step, below
 * scale_down_threshold: -step, between: unchanged) or proportional mode as the HPA computes it
 * (ceil(current x value / target), unchanged within the tolerance). A missing value gives no recommendation.
 */
final class MetricRecommender {

    private MetricRecommender() {
    }

    /** The recommendation; when the value is missing, says why and adds the rule to {@code missing}. */
    static Recommendation recommend(MetricRule rule, MetricSample sample, int current, double tolerance,
            List<String> missing) {
        String source = "metric:" + rule.name();
        if (sample == null || !sample.hasValue()) {
            String why = sample == null ? "no sample in the observation" : sample.missingReason();
            missing.add("metric " + rule.name() + " is missing (" + why + ")");
            return new Recommendation(source, null, "value missing: " + why);
        }
        double value = sample.value();
        if (rule.mode() == MetricRule.Mode.PROPORTIONAL) {
            double ratio = value / rule.target();
            if (Math.abs(ratio - 1) <= tolerance) {
                return new Recommendation(source, current, rule.name() + " " + value + " is within " + tolerance
                        + " of target " + rule.target() + ": unchanged " + current);
            }
            int replicas = (int) Math.ceil(current * ratio);
            return new Recommendation(source, replicas, rule.name() + " " + value + " vs target " + rule.target()
                    + ": ceil(" + current + " x " + round(ratio) + ") = " + replicas);
        }
        if (value > rule.scaleUpThreshold()) {
            return new Recommendation(source, current + rule.step(), rule.name() + " " + value + " > "
                    + rule.scaleUpThreshold() + ": " + current + " + " + rule.step());
        }
        if (value < rule.scaleDownThreshold()) {
            int replicas = Math.max(0, current - rule.step());
            return new Recommendation(source, replicas, rule.name() + " " + value + " < "
                    + rule.scaleDownThreshold() + ": " + current + " - " + rule.step());
        }
        return new Recommendation(source, current, rule.name() + " " + value + " is between "
                + rule.scaleDownThreshold() + " and " + rule.scaleUpThreshold() + ": unchanged " + current);
    }

    private static String round(double ratio) {
        return String.valueOf(Math.round(ratio * 1000) / 1000.0);
    }
}
