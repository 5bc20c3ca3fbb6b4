package io.scaligator.common.util;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A map of at most {@code capacity} entries that forgets the least recently used one (read or written) when a new
 * one would exceed it: the bound for caches and per-key bookkeeping that must not grow with the cluster. Not
 * thread-safe; its owner locks.
 */
public final class LruMap<K, V> extends LinkedHashMap<K, V> {

    private final int capacity;

    public LruMap(int capacity) {
        super(16, 0.75f, true);
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be >= 1, was " + capacity);
        }
        this.capacity = capacity;
    }

    @Override
    protected boolean removeEldestEntry(Map.Entry<K, V> eldest) {
        return size() > capacity;
    }
}
