package io.scaligator.common.event;

import io.scaligator.common.target.TargetRef;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What the poller saw of one target in one interval: its replicas, each metric rule's value or why it is
 * missing, whether another autoscaler manages it, and its {@code scaligator.io/} annotations. One per target per
 * interval, so observations are also the decision engine's clock.
 */
public record Observation(
        String id,
        TargetRef target,
        Instant observedAt,
        int specReplicas,
        int readyReplicas,
        List<MetricSample> metrics,
        String otherAutoscaler,
        Map<String, String> annotations) implements ScaligatorEvent {


    public Observation {
        Checks.requireText(id, "id");
        Checks.require(target, "target");
        Checks.require(observedAt, "observedAt");
        Checks.requireNonNegative(specReplicas, "specReplicas");
        Checks.requireNonNegative(readyReplicas, "readyReplicas");
        metrics = Checks.listCopy(metrics);
        annotations = Checks.sortedCopy(annotations);
    }

    /** Whether an HPA or another autoscaler targets this workload, which Scaligator then never touches. */
    public boolean managedByOtherAutoscaler() {
        return otherAutoscaler != null;
    }

    @Override
    public String key() {
        return target.key();
    }

    @Override
    public Instant eventTime() {
        return observedAt;
    }
}
