package io.scaligator.poller.core;

import io.scaligator.common.event.MetricSample;
import io.scaligator.common.event.Observation;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** Builds the one Observation of a target in a cycle; its id depends only on target and time, so a re-send dedups. */
public final class ObservationFactory {

    private ObservationFactory() {
    }

    public static Observation build(TargetState target, Instant observedAt, List<RuleSamples> rules) {
        List<MetricSample> metrics = new ArrayList<>(rules.size());
        for (RuleSamples rule : rules) {
            metrics.add(rule.sampleFor(target.ref()));
        }
        return new Observation(idFor(target, observedAt), target.ref(), observedAt, target.specReplicas(),
                target.readyReplicas(), metrics, target.otherAutoscaler(), target.annotations());
    }

    static String idFor(TargetState target, Instant observedAt) {
        return "obs-" + UUID.nameUUIDFromBytes((target.ref().key() + "@" + observedAt)
                .getBytes(StandardCharsets.UTF_8));
    }
}
