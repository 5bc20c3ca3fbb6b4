package io.scaligator.actuator.kube;

import io.scaligator.common.util.LruMap;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * How often the Event of one workload and reason may be written: a token bucket per key, as client-go's event spam
 * filter keeps for every Kubernetes controller (a burst of 25, then one per 5 minutes). A workload that flaps, or an
 * alert that fires every few seconds, then costs the API server a handful of writes instead of one per scale.
 * Nothing is dropped here: the caller holds a throttled Event and counts its repeats into it until its key may be
 * written again. Buckets are remembered for {@code remembered} keys, least recently used forgotten first (as
 * client-go's LRU of 4,096); a forgotten key starts with a full bucket. Not thread-safe: its owner locks.
 */
final class EventBudget<K> {

    /** client-go's defaults: {@code defaultSpamBurst} and {@code defaultSpamQPS} (1/300 s). */
    static final int CLIENT_GO_BURST = 25;

    static final Duration CLIENT_GO_REFILL = Duration.ofMinutes(5);

    private record Bucket(double tokens, Instant at) {}

    private final int burst;
    private final Duration refill;
    private final Map<K, Bucket> buckets;

    EventBudget(int burst, Duration refill, int remembered) {
        if (burst < 1 || refill.isNegative() || refill.isZero()) {
            throw new IllegalArgumentException("burst must be >= 1 and refill positive: " + burst + ", " + refill);
        }
        this.burst = burst;
        this.refill = refill;
        this.buckets = new LruMap<>(remembered);
    }

    /** client-go's budget, for up to {@code remembered} workloads and reasons. */
    static <K> EventBudget<K> clientGo(int remembered) {
        return new EventBudget<>(CLIENT_GO_BURST, CLIENT_GO_REFILL, remembered);
    }

    /** When the key may next be written: {@code now} if a token is left, else when the next one will be. */
    Instant availableAt(K key, Instant now) {
        double tokens = tokens(key, now);
        if (tokens >= 1) {
            return now;
        }
        long missingNanos = (long) Math.ceil((1 - tokens) * refill.toNanos());
        return now.plusNanos(missingNanos);
    }

    /** Spends a token of the key at {@code now}; the caller has checked {@link #availableAt} first. */
    void spend(K key, Instant now) {
        buckets.put(key, new Bucket(tokens(key, now) - 1, now));
    }

    private double tokens(K key, Instant now) {
        Bucket bucket = buckets.get(key);
        if (bucket == null) {
            return burst;
        }
        double refilled = (double) Duration.between(bucket.at(), now).toNanos() / refill.toNanos();
        return Math.min(burst, bucket.tokens() + Math.max(0, refilled));
    }
}
