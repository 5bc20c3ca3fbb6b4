package io.scaligator.common.config;

import java.time.Duration;
import java.util.Objects;

/**
 * How long Scaligator's time-deleted topics keep their records: by age and, per partition, by size (0: no size
 * bound). Compacted topics keep each key's latest value whatever its age.
 */
public record TopicRetention(Duration time, long bytesPerPartition) {

    /** Seven days: a week of decisions to audit; the size bound is the backstop (see docs/decision-engine.md). */
    public static final TopicRetention DEFAULT = new TopicRetention(Duration.ofDays(7), 1024L * 1024 * 1024);

    public TopicRetention {
        Objects.requireNonNull(time, "time");
        if (time.isNegative() || time.isZero()) {
            throw new IllegalArgumentException("retention time must be positive, was " + time);
        }
        if (bytesPerPartition < 0) {
            throw new IllegalArgumentException("retention bytes must be >= 0, was " + bytesPerPartition);
        }
    }
}
