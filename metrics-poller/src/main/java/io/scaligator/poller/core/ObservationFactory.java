package io.scaligator.poller.core;

import io.scaligator.common.event.MetricSample;
import io.scaligator.common.event.Observation;
import io.scaligator.common.target.TargetRef;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** Builds the one Observation of a target in a cycle; its id depends only on target and time, so a re-send dedups. */
public final class ObservationFactory {

    private ObservationFactory() {}

    /**
     * The observation of a workload that exists. An excluded one carries no metrics (they were not mapped): its
     * annotations are what the engine needs, to refuse it and drop what it remembered.
     */
    public static Observation build(TargetState target, Instant observedAt, List<RuleSamples> rules) {
        List<MetricSample> metrics = new ArrayList<>(rules.size());
        if (!target.excluded()) {
            for (RuleSamples rule : rules) {
                metrics.add(rule.sampleFor(target.ref()));
            }
        }
        return new Observation(
                idFor(target.ref(), observedAt),
                target.ref(),
                observedAt,
                target.specReplicas(),
                target.readyReplicas(),
                metrics,
                target.otherAutoscaler(),
                target.annotations());
    }

    /** The observation that a workload observed before is gone. */
    public static Observation deleted(TargetRef target, Instant observedAt) {
        return Observation.ofDeleted(idFor(target, observedAt), target, observedAt);
    }

    static String idFor(TargetRef target, Instant observedAt) {
        return "obs-" + UUID.nameUUIDFromBytes((target.key() + "@" + observedAt).getBytes(StandardCharsets.UTF_8));
    }
}
