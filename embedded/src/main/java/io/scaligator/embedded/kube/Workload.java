package io.scaligator.embedded.kube;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/** What a fixture Deployment or StatefulSet looks like: where, how many replicas, which labels and annotations. */
public record Workload(
        String namespace, String name, int replicas, Map<String, String> labels, Map<String, String> annotations) {

    /** Validates and copies the maps. */
    public Workload {
        Objects.requireNonNull(namespace, "namespace");
        Objects.requireNonNull(name, "name");
        if (replicas < 0) {
            throw new IllegalArgumentException("replicas must be >= 0, was " + replicas);
        }
        labels = Map.copyOf(labels);
        annotations = Map.copyOf(annotations);
    }

    /** A workload without extra labels or annotations. */
    public static Workload of(String namespace, String name, int replicas) {
        return new Workload(namespace, name, replicas, Map.of(), Map.of());
    }

    /** This workload with one more label on the workload itself. */
    public Workload withLabel(String key, String value) {
        return new Workload(namespace, name, replicas, plus(labels, key, value), annotations);
    }

    /** This workload with one more annotation, e.g. {@code scaligator.io/max-replicas}. */
    public Workload withAnnotation(String key, String value) {
        return new Workload(namespace, name, replicas, labels, plus(annotations, key, value));
    }

    private static Map<String, String> plus(Map<String, String> map, String key, String value) {
        Map<String, String> copy = new LinkedHashMap<>(map);
        copy.put(key, value);
        return copy;
    }
}
