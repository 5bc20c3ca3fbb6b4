package io.scaligator.common.event;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/** Argument checks shared by the event records' compact constructors. */
final class Checks {

    private Checks() {}

    static String requireText(String value, String field) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(field + " is required and must not be blank");
        }
        return value;
    }

    static <T> T require(T value, String field) {
        return Objects.requireNonNull(value, () -> field + " is required");
    }

    static int requireNonNegative(int value, String field) {
        if (value < 0) {
            throw new IllegalArgumentException(field + " must be >= 0, was " + value);
        }
        return value;
    }

    /** An immutable copy whose iteration order is sorted by key, so serialised bytes are reproducible. */
    static Map<String, String> sortedCopy(Map<String, String> map) {
        if (map == null) {
            return Collections.emptySortedMap();
        }
        TreeMap<String, String> copy = new TreeMap<>();
        map.forEach((key, value) -> copy.put(
                Objects.requireNonNull(key, "map key"), Objects.requireNonNull(value, () -> "value of '" + key + "'")));
        return Collections.unmodifiableSortedMap(copy);
    }

    static <T> List<T> listCopy(List<T> list) {
        return list == null ? List.of() : List.copyOf(list);
    }
}
