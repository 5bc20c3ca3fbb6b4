package io.scaligator.testkit;

import java.util.Arrays;
import java.util.Locale;

/**
 * A set of latency samples in nanoseconds and their nearest-rank percentiles, printed in milliseconds: what the
 * benchmarks report.
 */
public record Latencies(long[] sortedNanos) {

    public static Latencies of(long[] nanos) {
        long[] copy = nanos.clone();
        Arrays.sort(copy);
        return new Latencies(copy);
    }

    public int count() {
        return sortedNanos.length;
    }

    /** Nearest-rank percentile (p in 0..100), in milliseconds; NaN without samples. */
    public double percentileMillis(double p) {
        if (sortedNanos.length == 0) {
            return Double.NaN;
        }
        int rank = (int) Math.ceil(p / 100.0 * sortedNanos.length);
        return sortedNanos[Math.max(0, Math.min(sortedNanos.length - 1, rank - 1))] / 1e6;
    }

    public double maxMillis() {
        return sortedNanos.length == 0 ? Double.NaN : sortedNanos[sortedNanos.length - 1] / 1e6;
    }

    /** "n=…, p50 …, p95 …, p99 …, max … ms". */
    public String summary() {
        return String.format(
                Locale.ROOT,
                "n=%d  p50 %.1f ms  p95 %.1f ms  p99 %.1f ms  max %.1f ms",
                count(),
                percentileMillis(50),
                percentileMillis(95),
                percentileMillis(99),
                maxMillis());
    }
}
