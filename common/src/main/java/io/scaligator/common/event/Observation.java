package io.scaligator.common.event;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.scaligator.common.target.TargetRef;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What the poller saw of one target in one interval: its replicas, each metric rule's value or why it is
 * missing, whether another autoscaler manages it, and its {@code scaligator.io/} annotations. One per target per
 * interval, so observations are also the decision engine's clock. When a workload seen before is no longer there,
 * the poller writes one observation with presence {@link Presence#DELETED} (no replicas, metrics or annotations),
 * so the engine drops what it remembered and refuses signals for it.
 */
public record Observation(
        String id,
        TargetRef target,
        Instant observedAt,
        int specReplicas,
        int readyReplicas,
        List<MetricSample> metrics,
        String otherAutoscaler,
        Map<String, String> annotations,
        Presence presence)
        implements ScaligatorEvent {

    /** Whether the workload exists; records written before this field existed read as present. */
    public enum Presence {
        @JsonProperty("present")
        PRESENT,
        @JsonProperty("deleted")
        DELETED
    }

    public Observation {
        Checks.requireText(id, "id");
        Checks.require(target, "target");
        Checks.require(observedAt, "observedAt");
        Checks.requireNonNegative(specReplicas, "specReplicas");
        Checks.requireNonNegative(readyReplicas, "readyReplicas");
        metrics = Checks.listCopy(metrics);
        annotations = Checks.sortedCopy(annotations);
        presence = presence == null ? Presence.PRESENT : presence;
        if (presence == Presence.DELETED
                && (specReplicas != 0
                        || readyReplicas != 0
                        || !metrics.isEmpty()
                        || otherAutoscaler != null
                        || !annotations.isEmpty())) {
            throw new IllegalArgumentException("an observation of a deleted workload carries no replicas, metrics, "
                    + "autoscaler or annotations");
        }
    }

    /** An observation of a workload that exists. */
    public Observation(
            String id,
            TargetRef target,
            Instant observedAt,
            int specReplicas,
            int readyReplicas,
            List<MetricSample> metrics,
            String otherAutoscaler,
            Map<String, String> annotations) {
        this(
                id,
                target,
                observedAt,
                specReplicas,
                readyReplicas,
                metrics,
                otherAutoscaler,
                annotations,
                Presence.PRESENT);
    }

    /** The observation that a workload seen before no longer exists. */
    public static Observation ofDeleted(String id, TargetRef target, Instant observedAt) {
        return new Observation(id, target, observedAt, 0, 0, List.of(), null, Map.of(), Presence.DELETED);
    }

    /** Whether this observation says the workload was deleted. */
    public boolean deleted() {
        return presence == Presence.DELETED;
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
