package io.scaligator.local.bench;

import java.util.concurrent.locks.LockSupport;
import java.util.function.IntConsumer;

/**
 * Open-loop pacing: action i starts at start + i / rate whatever happened to the earlier ones, so a slow system
 * under test cannot slow the load down (no coordinated omission). The action must not block.
 */
final class Pacer {

    private Pacer() {}

    /** Runs {@code count} actions at {@code ratePerSecond}; returns the nanoTime the first one was due. */
    static long run(int count, double ratePerSecond, IntConsumer action) {
        long periodNanos = (long) (1e9 / ratePerSecond);
        long start = System.nanoTime() + 1_000_000;
        for (int i = 0; i < count; i++) {
            long due = start + i * periodNanos;
            long wait;
            while ((wait = due - System.nanoTime()) > 0) {
                LockSupport.parkNanos(wait);
            }
            action.accept(i);
        }
        return start;
    }
}
