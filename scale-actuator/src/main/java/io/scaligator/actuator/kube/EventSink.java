package io.scaligator.actuator.kube;

import io.scaligator.common.target.TargetRef;

/** Where {@link QueuedScaleEvents} writes: one Event, or one more step of a series, on a workload. */
public interface EventSink {

    /**
     * Records that {@code reason} happened {@code occurrences} times on the workload since the last write for it,
     * the last time with {@code message}; {@code uid} may be null. Best effort: never throws.
     */
    void write(TargetRef target, String uid, ScaleEvents.Reason reason, String message, int occurrences);
}
