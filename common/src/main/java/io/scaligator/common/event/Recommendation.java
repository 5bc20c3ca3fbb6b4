package io.scaligator.common.event;

/**
 * What one source (a metric rule, an alert floor, a trigger, a schedule) recommends for a target, and why.
 * {@code replicas} is null when the source has no opinion this time (e.g. its metric is missing).
 */
public record Recommendation(String source, Integer replicas, String reason) {

    public Recommendation {
        Checks.requireText(source, "recommendation.source");
        Checks.requireText(reason, "recommendation.reason");
        if (replicas != null) {
            Checks.requireNonNegative(replicas, "recommendation.replicas");
        }
    }
}
