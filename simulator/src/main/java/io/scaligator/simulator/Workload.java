package io.scaligator.simulator;

import java.util.Arrays;

/**
 * The simulated workload: its pods and when each becomes ready. A pod added by a scale-up is ready
 * {@code startupDelay} seconds later; a scale-down removes pods at once, not-yet-ready ones first and then the
 * newest (as a ReplicaSet chooses). Counts every change of the replica count as one scale command.
 */
final class Workload {

    private final long startupDelay;
    /** Ready times (epoch seconds) of all pods, ascending: pods are added in time order and removed from the end. */
    private long[] readyAt = new long[64];

    private int replicas;
    private int commands;

    /** A workload of {@code replicas} pods, all ready since long before the simulation. */
    Workload(int replicas, long startupDelaySeconds) {
        this.startupDelay = startupDelaySeconds;
        for (int i = 0; i < replicas; i++) {
            add(Long.MIN_VALUE / 2);
        }
    }

    /** The replica count (spec.replicas): every pod, ready or not. */
    int replicas() {
        return replicas;
    }

    /** Pods ready at {@code second} (ready at or before it). */
    int ready(long second) {
        int low = 0;
        int high = replicas;
        while (low < high) {
            int mid = (low + high) >>> 1;
            if (readyAt[mid] <= second) {
                low = mid + 1;
            } else {
                high = mid;
            }
        }
        return low;
    }

    /** Sets the replica count at {@code second}; a change counts as one scale command. */
    void scaleTo(int target, long second) {
        if (target < 0) {
            throw new IllegalArgumentException("replicas must be >= 0, was " + target);
        }
        if (target == replicas) {
            return;
        }
        commands++;
        while (replicas < target) {
            add(second + startupDelay);
        }
        replicas = target;
    }

    int commands() {
        return commands;
    }

    private void add(long at) {
        if (replicas == readyAt.length) {
            readyAt = Arrays.copyOf(readyAt, replicas * 2);
        }
        readyAt[replicas++] = at;
    }
}
