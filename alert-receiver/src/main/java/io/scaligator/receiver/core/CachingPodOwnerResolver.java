package io.scaligator.receiver.core;

import io.scaligator.common.util.LruMap;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * A bounded LRU cache with a time-to-live in front of another resolver. Only definitive answers are cached:
 * a pod's owner chain does not change during its life, while a failed lookup may succeed a moment later.
 */
public final class CachingPodOwnerResolver implements PodOwnerResolver {

    private record Entry(Resolution resolution, Instant expires) {
    }

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
        String key = namespace + "/" + pod;
        Instant now = clock.instant();
        synchronized (cache) {
            Entry entry = cache.get(key);
            if (entry != null && now.isBefore(entry.expires())) {
                return entry.resolution();
            }
        }
        // The lookup runs outside the lock so one slow API call does not stall every other request.
        Resolution resolution = delegate.resolve(namespace, pod);
        if (!(resolution instanceof Failed)) {
            synchronized (cache) {
                cache.put(key, new Entry(resolution, now.plus(ttl)));
            }
        }
        return resolution;
    }

    /** Entries currently held (expired ones included until they are touched or evicted). */
    public int size() {
        synchronized (cache) {
            return cache.size();
        }
    }
}
