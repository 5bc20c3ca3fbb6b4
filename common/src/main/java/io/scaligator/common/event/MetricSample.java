package io.scaligator.common.event;

/**
 * One metric rule's result for one target: either a finite value or an explicit reason why there is none.
 * A missing value is never replaced by an invented one.
 */
public record MetricSample(String rule, Double value, String missingReason) {

    public MetricSample {
        Checks.requireText(rule, "metric.rule");
        if ((value == null) == (missingReason == null)) {
            throw new IllegalArgumentException("metric '" + rule + "' needs exactly one of value and missingReason");
        }
        if (value != null && !Double.isFinite(value)) {
            throw new IllegalArgumentException("metric '" + rule + "' value must be finite, was " + value);
        }
    }

    public static MetricSample present(String rule, double value) {
        return new MetricSample(rule, value, null);
    }

    public static MetricSample missing(String rule, String reason) {
        return new MetricSample(rule, null, reason);
    }

    public boolean hasValue() {
        return value != null;
    }
}
