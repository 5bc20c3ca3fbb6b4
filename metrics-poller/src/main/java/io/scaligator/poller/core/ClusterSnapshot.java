package io.scaligator.poller.core;

import java.util.List;
import java.util.Objects;

/**
 * The targets of one cycle and how their pods map to them, as the informer caches held them at cycle start.
 * Excluded workloads are targets too (they are observed), but not measured.
 */
public record ClusterSnapshot(List<TargetState> targets, PodOwners podOwners) {

    public ClusterSnapshot {
        targets = List.copyOf(targets);
        Objects.requireNonNull(podOwners, "podOwners");
    }

    /** The targets whose metrics are mapped: all but the excluded ones. */
    public List<TargetState> measured() {
        return targets.stream().filter(t -> !t.excluded()).toList();
    }
}
