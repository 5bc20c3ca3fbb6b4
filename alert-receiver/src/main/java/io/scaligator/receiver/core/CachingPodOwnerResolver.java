package io.scaligator.receiver.core;

import io.scaligator.common.util.LruMap;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * A bounded LRU cache with a time-to-live in front of another resolver. Definitive answers are kept for the ttl (a
 * pod's owner chain does not change during its life); failed lookups only for {@link #FAILED_TTL}, because they may
 * succeed a moment later, but a burst of alerts naming a missing pod must not reach the API once per alert.
 */
public final class CachingPodOwnerResolver implements PodOwnerResolver {

    /** How long a failed lookup (missing pod, API error) is answered from the cache. */
    public static final Duration FAILED_TTL = Duration.ofSeconds(30);

    private record Entry(Resolution resolution, Instant expires) {}

    private final PodOwnerResolver delegate;
    private final Clock clock;
    private final Duration ttl;
    private final Map<String, Entry> cache;

    public CachingPodOwnerResolver(PodOwnerResolver delegate, int maxEntries, Duration ttl, Clock clock) {
        if (maxEntries < 1) {
            throw new IllegalArgumentException("maxEntries must be >= 1, was " + maxEntries);
        }
        this.delegate = delegate;
        this.clock = clock;
        this.ttl = ttl;
        this.cache = new LruMap<>(maxEntries);
    }

    @Override
    public Resolution resolve(String namespace, String pod) {
        return resolve(namespace, pod, LookupBudget.unlimited());
    }

    /** Answers from the cache when it can; only a lookup that reaches the API is charged to the budget. */
    @Override
    public Resolution resolve(String namespace, String pod, LookupBudget budget) {
        String key = namespace + "/" + pod;
        Instant now = clock.instant();
        synchronized (cache) {
            Entry entry = cache.get(key);
            if (entry != null && now.isBefore(entry.expires())) {
                return entry.resolution();
            }
        }
        if (!budget.take()) {
            return new Failed(budget.spentReason());
        }
        // The lookup runs outside the lock so one slow API call does not stall every other request.
        Resolution resolution = delegate.resolve(namespace, pod);
        Duration keep = resolution instanceof Failed ? min(FAILED_TTL, ttl) : ttl;
        synchronized (cache) {
            cache.put(key, new Entry(resolution, now.plus(keep)));
        }
        return resolution;
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    /** Entries currently held (expired ones included until they are touched or evicted). */
    public int size() {
        synchronized (cache) {
            return cache.size();
        }
    }
}
