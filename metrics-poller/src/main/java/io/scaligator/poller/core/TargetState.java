package io.scaligator.poller.core;

import io.scaligator.common.target.TargetRef;
import java.util.Map;
import java.util.Objects;

/**
 * What the poller knows of one target from the Kubernetes API: replicas, its {@code scaligator.io/} annotations
 * and the other autoscaler that manages it, if any (e.g. {@code HorizontalPodAutoscaler/web}).
 */
public record TargetState(TargetRef ref, int specReplicas, int readyReplicas, Map<String, String> annotations,
        String otherAutoscaler) {

    public TargetState {
        Objects.requireNonNull(ref, "ref");
        annotations = Map.copyOf(annotations);
    }

    /** This target with another autoscaler recorded as managing it. */
    public TargetState withOtherAutoscaler(String autoscaler) {
        return new TargetState(ref, specReplicas, readyReplicas, annotations, autoscaler);
    }
}
