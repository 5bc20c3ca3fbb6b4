package io.scaligator.local.bench;

import java.time.Instant;
import java.util.concurrent.TimeUnit;

/** Wall-clock instants (the records' times) placed on this JVM's System.nanoTime clock, which the benchmark uses. */
final class Nanos {

    /** Offset from System.nanoTime to epoch nanoseconds, taken once. */
    private static final long EPOCH_MINUS_NANO = epochNanos(Instant.now()) - System.nanoTime();

    private Nanos() {}

    /** The System.nanoTime value of the instant. */
    static long of(Instant instant) {
        return epochNanos(instant) - EPOCH_MINUS_NANO;
    }

    private static long epochNanos(Instant instant) {
        return TimeUnit.SECONDS.toNanos(instant.getEpochSecond()) + instant.getNano();
    }
}
