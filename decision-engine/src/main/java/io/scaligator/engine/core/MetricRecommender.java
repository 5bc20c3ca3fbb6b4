package io.scaligator.engine.core;

import io.scaligator.common.config.MetricRule;
import io.scaligator.common.event.MetricSample;
import io.scaligator.common.event.Recommendation;
import java.util.List;

/**
 * One metric rule's recommendation. Threshold mode: above scale_up_threshold +step, below scale_down_threshold
 * -step, between unchanged. Proportional mode as HPA v2 computes it, by target type: {@code utilization} and
 * {@code value}: ceil(current x value / target); {@code average_value}: ceil(value / target), the value being the
 * workload's sum; unchanged while the usage ratio is within the tolerance of 1. A per-replica value is measured on
 * the ready pods, so, as the HPA does for CPU, pods that are not ready yet count as using nothing when scaling up and
 * as using the target when scaling down: otherwise every interval while new pods start would multiply the full count
 * by the ratio of the old load again. A missing or negative value gives no recommendation (and so never a
 * scale-down). With no pod ready at all (a count just restored from 0, every pod restarted), a per-pod value measures
 * no serving pod, so the count stays, as the HPA keeps it when no ready pod has a sample: reading it as load would
 * multiply the count again at every interval until the first pods are ready.
 */
final class MetricRecommender {

    private MetricRecommender() {}

    /** The recommendation; when the value is missing or unusable, says why and adds the rule to {@code missing}. */
    static Recommendation recommend(
            MetricRule rule, MetricSample sample, int current, int ready, double tolerance, List<String> missing) {
        String source = Source.METRIC.of(rule.name());
        String why = sample == null
                ? "no sample in the observation"
                : !sample.hasValue()
                        ? sample.missingReason()
                        : sample.value() < 0 ? "negative value " + sample.value() + " is not a measurement" : null;
        if (why != null) {
            missing.add("metric " + rule.name() + " is missing (" + why + ")");
            return new Recommendation(source, null, "value missing: " + why);
        }
        double value = sample.value();
        if (rule.mode() == MetricRule.Mode.PROPORTIONAL) {
            return proportional(rule, source, value, current, ready, tolerance);
        }
        if (value > rule.scaleUpThreshold()) {
            return new Recommendation(
                    source,
                    SignalIntake.plus(current, rule.step()),
                    rule.name() + " " + value + " > " + rule.scaleUpThreshold() + ": " + current + " + " + rule.step());
        }
        if (value < rule.scaleDownThreshold()) {
            return new Recommendation(
                    source,
                    SignalIntake.plus(current, -rule.step()),
                    rule.name() + " " + value + " < " + rule.scaleDownThreshold() + ": " + current + " - "
                            + rule.step());
        }
        return new Recommendation(
                source,
                current,
                rule.name() + " " + value + " is between " + rule.scaleDownThreshold() + " and "
                        + rule.scaleUpThreshold() + ": unchanged " + current);
    }

    private static Recommendation proportional(
            MetricRule rule, String source, double value, int current, int ready, double tolerance) {
        boolean average = rule.targetType() == MetricRule.TargetType.AVERAGE_VALUE;
        // HPA's usage ratio: per-replica value over the target; for an average value the sum is shared by the pods.
        double ratio = average ? value / (rule.target() * Math.max(1, current)) : value / rule.target();
        String per = average ? " (" + value + " over " + current + " replicas)" : "";
        if (Math.abs(ratio - 1) <= tolerance) {
            return new Recommendation(
                    source,
                    current,
                    rule.name() + " " + value + per + " is within " + tolerance + " of target " + rule.target()
                            + ": unchanged " + current);
        }
        int unready = current - ready;
        if (!average && unready > 0) {
            return ready == 0
                    ? new Recommendation(
                            source,
                            current,
                            rule.name() + " " + value + " measured with none of the " + current
                                    + " replicas ready: no pod serves yet, unchanged " + current + " while they start")
                    : withUnready(rule, source, value, current, ready, ratio, tolerance);
        }
        double exact = average ? value / rule.target() : current * ratio;
        int replicas = (int) Math.min(Integer.MAX_VALUE, Math.ceil(exact));
        String formula = average
                ? "ceil(" + value + " / " + rule.target() + ")"
                : "ceil(" + current + " x " + round(ratio) + ")";
        return new Recommendation(
                source,
                replicas,
                rule.name() + " " + value + " vs target " + rule.target()
                        + " (" + rule.targetType().name().toLowerCase(java.util.Locale.ROOT) + "): " + formula + " = "
                        + replicas);
    }

    /**
     * HPA's rule for pods not ready yet: they count as using nothing when the ready ones ask for more, and as using
     * the target when the ready ones ask for less; if that turns the direction or lands within the tolerance, the
     * count stays.
     */
    private static Recommendation withUnready(
            MetricRule rule, String source, double value, int current, int ready, double ratio, double tolerance) {
        int unready = current - ready;
        double assumed = ratio > 1 ? 0 : rule.target();
        double adjusted = (ready * value + unready * assumed) / (rule.target() * current);
        String what = rule.name() + " " + value + " on " + ready + " ready of " + current + " replicas vs target "
                + rule.target() + ", the " + unready + " not ready counted at " + (ratio > 1 ? "0" : "the target");
        if (Math.abs(adjusted - 1) <= tolerance || (adjusted - 1) * (ratio - 1) < 0) {
            return new Recommendation(
                    source,
                    current,
                    what + ": usage ratio " + round(adjusted) + ", unchanged " + current + " while they start");
        }
        int replicas = (int) Math.min(Integer.MAX_VALUE, Math.ceil(current * adjusted));
        return new Recommendation(
                source, replicas, what + ": ceil(" + current + " x " + round(adjusted) + ") = " + replicas);
    }

    private static String round(double ratio) {
        return String.valueOf(Math.round(ratio * 1000) / 1000.0);
    }
}
