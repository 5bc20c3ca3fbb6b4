package io.scaligator.poller.core;

import io.scaligator.common.event.MetricSample;
import io.scaligator.common.target.TargetRef;
import java.util.Map;

/**
 * One rule's result for every target of a cycle, with counts for the ops metrics: missing markers by category and
 * series that matched no target.
 */
public record RuleSamples(
        String rule,
        Map<TargetRef, MetricSample> samples,
        Map<String, Integer> missingByCategory,
        int unattributedSeries) {

    public RuleSamples {
        samples = Map.copyOf(samples);
        missingByCategory = Map.copyOf(missingByCategory);
    }

    /** The sample for a target of the cycle's snapshot. */
    public MetricSample sampleFor(TargetRef target) {
        MetricSample sample = samples.get(target);
        if (sample == null) {
            throw new IllegalArgumentException("target " + target + " was not part of the cycle");
        }
        return sample;
    }
}
