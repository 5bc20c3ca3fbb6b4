package io.scaligator.local.bench;

import java.util.concurrent.atomic.AtomicLongArray;

/**
 * One time (System.nanoTime) per benchmark target and replica count, the first one recorded wins. Allocated once
 * for the whole run, so recording a stage of an alert allocates nothing: the benchmark's bookkeeping adds no
 * objects for the collector to copy in the JVM it measures.
 */
final class ReplicaTimes {

    static final long NONE = -1;

    private final int width;
    private final AtomicLongArray times;

    /** Room for replica counts 0 .. maxReplicas of each of {@code targets} targets. */
    ReplicaTimes(int targets, int maxReplicas) {
        width = maxReplicas + 1;
        times = new AtomicLongArray(targets * width);
        for (int i = 0; i < times.length(); i++) {
            times.set(i, NONE);
        }
    }

    /** Records the time unless one is recorded already; replica counts out of range are ignored. */
    void recordFirst(int target, int replicas, long nanoTime) {
        if (replicas >= 0 && replicas < width) {
            times.compareAndSet(target * width + replicas, NONE, nanoTime);
        }
    }

    /** The time recorded for the target at the replica count, or {@link #NONE}. */
    long get(int target, int replicas) {
        return replicas >= 0 && replicas < width ? times.get(target * width + replicas) : NONE;
    }
}
