package io.scaligator.engine.core;

import io.scaligator.common.config.MetricRule;
import io.scaligator.common.config.MetricRule.ForecastMode;
import io.scaligator.common.target.Annotations;
import java.util.Map;

/**
 * The per-workload {@code scaligator.io/} annotations that change bounds and schedules, read and checked against
 * the policy: max-replicas may only lower the global cap, min-replicas never exceeds the effective max.
 */
record Overrides(int min, int max, int downtimeReplicas, String uptime, String downtime, ForecastMode forecast) {

    static final String EXCLUDE = Annotations.EXCLUDE;
    static final String PAUSED = Annotations.PAUSED;
    static final String MIN = Annotations.MIN_REPLICAS;
    static final String MAX = Annotations.MAX_REPLICAS;
    static final String UPTIME = Annotations.UPTIME;
    static final String DOWNTIME = Annotations.DOWNTIME;
    static final String DOWNTIME_REPLICAS = Annotations.DOWNTIME_REPLICAS;
    static final String FORECAST = Annotations.FORECAST;

    /** An annotation whose value cannot be used; the message names it. */
    static final class BadAnnotation extends Exception {
        private static final long serialVersionUID = 1L;

        BadAnnotation(String message) {
            super(message);
        }
    }

    static Overrides read(Map<String, String> annotations, Policy policy) throws BadAnnotation {
        int max = Math.min(policy.maxReplicas(), integer(annotations, MAX, policy.maxReplicas()));
        int min = Math.min(max, integer(annotations, MIN, policy.minReplicas()));
        int downtimeReplicas = integer(annotations, DOWNTIME_REPLICAS, -1);
        return new Overrides(
                min, max, downtimeReplicas, annotations.get(UPTIME), annotations.get(DOWNTIME), forecast(annotations));
    }

    /** The forecast mode of a proportional rule on this workload: the annotation's if set, else the rule's. */
    ForecastMode forecastOf(MetricRule rule) {
        if (rule.mode() != MetricRule.Mode.PROPORTIONAL) {
            return ForecastMode.OFF;
        }
        return forecast != null ? forecast : rule.forecast().mode();
    }

    private static ForecastMode forecast(Map<String, String> annotations) throws BadAnnotation {
        String text = annotations.get(FORECAST);
        if (text == null) {
            return null;
        }
        return ForecastMode.parse(text)
                .orElseThrow(() -> new BadAnnotation("annotation " + FORECAST + "=\"" + text
                        + "\" is not off, forecast-only or forecast-and-scale"));
    }

    static boolean flag(Map<String, String> annotations, String key) {
        return Annotations.flag(annotations, key);
    }

    /** Whether the annotations carry their own schedule, which then replaces the namespace's time rules. */
    boolean hasSchedule() {
        return uptime != null || downtime != null;
    }

    private static int integer(Map<String, String> annotations, String key, int absent) throws BadAnnotation {
        try {
            return Annotations.count(annotations, key).orElse(absent);
        } catch (IllegalArgumentException e) {
            throw new BadAnnotation(e.getMessage());
        }
    }
}
