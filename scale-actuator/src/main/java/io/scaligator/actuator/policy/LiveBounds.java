package io.scaligator.actuator.policy;

import io.scaligator.common.event.ScaleCommand;
import io.scaligator.common.target.Annotations;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The replica bounds of a workload as its live annotations and the config set them, computed as the engine does:
 * max-replicas may only lower max_replicas, min-replicas never exceeds the effective max, and a time rule's
 * downtime may go below the min to its downtime count (downtime-replicas, else the config's), capped at the max.
 */
record LiveBounds(int min, String minSource, int max, String maxSource, Set<Integer> downtimeReplicas) {

    /** Commands of a time rule carry this prefix in their rule (the engine names them time:&lt;rule&gt;). */
    static final String TIME_RULE_PREFIX = "time:";

    /**
     * The bounds on the workload with these {@code scaligator.io/} annotations.
     *
     * @throws IllegalArgumentException naming the annotation if a count annotation is not an integer >= 0
     */
    static LiveBounds of(Map<String, String> annotations, CommandLimits limits) {
        int max = limits.maxReplicas();
        String maxSource = "max_replicas " + max;
        int annotatedMax =
                Annotations.count(annotations, Annotations.MAX_REPLICAS).orElse(Integer.MAX_VALUE);
        if (annotatedMax < max) {
            max = annotatedMax;
            maxSource = "annotation " + Annotations.MAX_REPLICAS + "=" + max;
        }
        int min = limits.minReplicas();
        String minSource = "min_replicas " + min;
        var annotatedMin = Annotations.count(annotations, Annotations.MIN_REPLICAS);
        if (annotatedMin.isPresent()) {
            min = annotatedMin.getAsInt();
            minSource = "annotation " + Annotations.MIN_REPLICAS + "=" + min;
        }
        if (min > max) {
            min = max;
            minSource = maxSource;
        }
        var annotatedDowntime = Annotations.count(annotations, Annotations.DOWNTIME_REPLICAS);
        Set<Integer> downtime =
                annotatedDowntime.isPresent() ? Set.of(annotatedDowntime.getAsInt()) : limits.downtimeReplicas();
        int cap = max;
        return new LiveBounds(
                min,
                minSource,
                max,
                maxSource,
                downtime.stream().map(d -> Math.min(d, cap)).collect(Collectors.toUnmodifiableSet()));
    }

    /**
     * The count the command may set on a workload at {@code current} replicas: a scale-up capped at the max, a
     * scale-down raised to the min (unless it is a time rule's downtime count). The command is limited, never
     * extended, and never turned around: -1 if the limited count would not move the workload the command's way.
     */
    int limit(ScaleCommand command, int current) {
        int to = command.toReplicas();
        if (to > current) {
            int capped = Math.min(to, max);
            return capped > current ? capped : -1;
        }
        if (command.rule().startsWith(TIME_RULE_PREFIX) && downtimeReplicas.contains(to)) {
            return to;
        }
        int raised = Math.max(to, min);
        return raised < current ? raised : -1;
    }

    /** Why {@code limited} differs from what the command asked, or why it was refused (limited -1). */
    String explain(ScaleCommand command, int current, int limited) {
        int to = command.toReplicas();
        if (limited < 0) {
            return to > current
                    ? "scale-up from " + current + " to " + to + " refused: the workload is already at or above "
                            + maxSource
                    : "scale-down from " + current + " to " + to + " refused: the workload is already at or below "
                            + minSource;
        }
        if (limited == to) {
            return "";
        }
        return to > limited ? "clamped from " + to + " to " + maxSource : "raised from " + to + " to " + minSource;
    }
}
