package io.scaligator.audit.read;

import java.time.Instant;

/** A half-open range of record timestamps {@code [since, until)}; a null end is open. */
public record TimeRange(Instant since, Instant until) {

    public static final TimeRange ALL = new TimeRange(null, null);

    public TimeRange {
        if (since != null && until != null && !since.isBefore(until)) {
            throw new IllegalArgumentException("--since (" + since + ") must be before --until (" + until + ")");
        }
    }

    public boolean contains(long timestampMillis) {
        return (since == null || timestampMillis >= since.toEpochMilli())
                && (until == null || timestampMillis < until.toEpochMilli());
    }

    /** The same end, open start: what a replay reads (state at {@code since} depends on everything before). */
    public TimeRange fromBeginning() {
        return new TimeRange(null, until);
    }

    @Override
    public String toString() {
        return (since == null ? "the beginning" : since.toString()) + " .. "
                + (until == null ? "now" : until.toString());
    }
}
