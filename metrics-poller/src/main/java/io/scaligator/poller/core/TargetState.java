package io.scaligator.poller.core;

import io.scaligator.common.target.Annotations;
import io.scaligator.common.target.TargetRef;
import java.util.Map;
import java.util.Objects;

/**
 * What the poller knows of one target from the Kubernetes API: replicas, its {@code scaligator.io/} annotations
 * and the other autoscaler that manages it, if any (e.g. {@code HorizontalPodAutoscaler/web}).
 */
public record TargetState(
        TargetRef ref, int specReplicas, int readyReplicas, Map<String, String> annotations, String otherAutoscaler) {

    public TargetState {
        Objects.requireNonNull(ref, "ref");
        annotations = Map.copyOf(annotations);
    }

    /**
     * Whether the workload is annotated {@code scaligator.io/exclude=true}: it is still observed (so the engine
     * learns it must never scale it and drops its state), but its metrics are not mapped.
     */
    public boolean excluded() {
        return Annotations.flag(annotations, Annotations.EXCLUDE);
    }

    /** This target with another autoscaler recorded as managing it. */
    public TargetState withOtherAutoscaler(String autoscaler) {
        return new TargetState(ref, specReplicas, readyReplicas, annotations, autoscaler);
    }
}
