package io.scaligator.common.config;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Reads one entry of an array of tables such as {@code [[metric_rules]]}: every problem and warning names the
 * entry's position, e.g. {@code metric_rules[1].query}.
 */
final class TableReader {

    private final String path;
    private final Map<String, Object> table;
    private final ConfigReader reader;

    TableReader(String path, Map<String, Object> table, ConfigReader reader) {
        this.path = path;
        this.table = table;
        this.reader = reader;
    }

    String path(String key) {
        return path + "." + key;
    }

    boolean has(String key) {
        return table.get(key) != null;
    }

    <T> T get(String key, ValueType<T> type, T defaultValue) {
        Object raw = table.get(key);
        if (raw == null) {
            return defaultValue;
        }
        try {
            return type.parse(raw);
        } catch (IllegalArgumentException e) {
            reader.problem(
                    path(key) + " = " + (raw instanceof String s ? "\"" + s + "\"" : raw) + ": " + e.getMessage());
            return defaultValue;
        }
    }

    <T> T required(String key, ValueType<T> type) {
        if (!has(key)) {
            reader.problem(path(key) + " is required");
            return null;
        }
        return get(key, type, null);
    }

    /** A sub-table of string values, e.g. an alert rule's {@code match}. */
    Map<String, String> stringTable(String key) {
        Object raw = table.get(key);
        if (raw == null) {
            return Map.of();
        }
        if (!(raw instanceof Map<?, ?> map)) {
            reader.problem(path(key) + ": expected a table of strings, e.g. { alertname = \"HighCPUUsage\" }");
            return Map.of();
        }
        Map<String, String> result = new TreeMap<>();
        map.forEach((k, v) -> {
            if (v instanceof String s) {
                result.put(String.valueOf(k), s);
            } else {
                reader.problem(path(key) + "." + k + ": expected a string, found " + ValueType.describe(v));
            }
        });
        return result;
    }

    void problem(String message) {
        reader.problem(message);
    }

    /** Keys of the table that the rule does not know, named with their position. */
    List<String> unknownKeys(Set<String> known) {
        return new LinkedHashMap<>(table)
                .keySet().stream()
                        .filter(k -> !known.contains(k))
                        .map(this::path)
                        .toList();
    }
}
