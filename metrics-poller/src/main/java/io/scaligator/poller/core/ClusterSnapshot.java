package io.scaligator.poller.core;

import java.util.List;
import java.util.Objects;

/** The targets of one cycle and how their pods map to them, as the informer caches held them at cycle start. */
public record ClusterSnapshot(List<TargetState> targets, PodOwners podOwners) {

    public ClusterSnapshot {
        targets = List.copyOf(targets);
        Objects.requireNonNull(podOwners, "podOwners");
    }
}
