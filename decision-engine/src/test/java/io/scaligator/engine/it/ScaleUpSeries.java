package io.scaligator.engine.it;

import io.scaligator.common.event.InputRef;
import io.scaligator.common.event.MetricSample;
import io.scaligator.common.event.Observation;
import io.scaligator.common.target.TargetRef;
import io.scaligator.engine.core.Ids;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.clients.producer.RecordMetadata;

/**
 * Observations of which each must give exactly one command: every one sees high CPU and the previous command
 * applied (2 and 3 replicas in turn), so each scales 2 -> 3 or 3 -> 4 and none is held waiting for an earlier
 * command. Which commands a run must produce then follows from where the inputs landed.
 */
final class ScaleUpSeries {

    private static final Duration STEP = Duration.ofSeconds(30);

    private ScaleUpSeries() {}

    /**
     * {@code rounds} observations of each of {@code targets} Deployments {@code default/web-N}, round by round, 30 s
     * of event time apart; the series ends in the past, since the broker rejects timestamps far in the future.
     */
    static List<Observation> of(int targets, int rounds) {
        Instant t0 = Instant.now().minus(STEP.multipliedBy(rounds).plusHours(1)).truncatedTo(ChronoUnit.SECONDS);
        List<Observation> inputs = new ArrayList<>(targets * rounds);
        for (int i = 0; i < rounds; i++) {
            for (int t = 0; t < targets; t++) {
                int replicas = 2 + i % 2;
                inputs.add(new Observation(
                        "obs-" + t + "-" + i,
                        TargetRef.deployment("default", "web-" + t),
                        t0.plus(STEP.multipliedBy(i)),
                        replicas,
                        replicas,
                        List.of(MetricSample.present("cpu", 0.95)),
                        null,
                        Map.of()));
            }
        }
        return inputs;
    }

    /** Where each input landed, as the decisions name it (the event id plays no part in the ids). */
    static List<InputRef> refs(List<RecordMetadata> landed) {
        return landed.stream()
                .map(m -> new InputRef(m.topic(), m.partition(), m.offset(), "x", "observation"))
                .toList();
    }

    /** The id of the command each landed input must give: its coordinates determine it. */
    static Set<String> commandIds(List<RecordMetadata> landed) {
        return refs(landed).stream().map(Ids::commandId).collect(Collectors.toSet());
    }
}
