package io.scaligator.common.config;

import java.util.Map;
import java.util.Set;

/**
 * One {@code [[alert_rules]]} entry: while alerts whose labels match are firing for a target, its replicas are held
 * at least at one floor (+N, xF of the replicas when the rule's first alert fired, or a fixed count); further
 * alerts of the rule join that floor without raising it, and the last one's resolution releases it.
 * {@code activateFromZero} lets the rule scale up a workload a person switched off (scaled to 0).
 */
public record AlertRule(
        String name, Map<String, String> match, FloorKind floorKind, double floorAmount, boolean activateFromZero) {

    /** How the floor is computed from the replicas at firing time. */
    public enum FloorKind {
        ADD,
        FACTOR,
        FIXED
    }

    static final Set<String> KEYS =
            Set.of("name", "match", "floor_add", "floor_factor", "floor_replicas", "activate_from_zero");

    public AlertRule {
        match = Map.copyOf(match);
    }

    /** A rule that leaves a switched-off workload off. */
    public AlertRule(String name, Map<String, String> match, FloorKind floorKind, double floorAmount) {
        this(name, match, floorKind, floorAmount, false);
    }

    /** Whether every label in {@code match} has the same value in the alert's labels. */
    public boolean matches(Map<String, String> labels) {
        return match.entrySet().stream().allMatch(e -> e.getValue().equals(labels.get(e.getKey())));
    }

    /** The floor for a workload that had {@code replicasAtFiring} replicas when the alert started firing. */
    public int floor(int replicasAtFiring) {
        double floor =
                switch (floorKind) {
                    case ADD -> (double) replicasAtFiring + floorAmount;
                    case FACTOR -> Math.ceil(replicasAtFiring * floorAmount);
                    case FIXED -> floorAmount;
                };
        return (int) Math.min(Integer.MAX_VALUE, floor);
    }

    static AlertRule read(TableReader table) {
        String name = table.required("name", ValueType.STRING);
        Map<String, String> match = table.stringTable("match");
        boolean fromZero = table.get("activate_from_zero", ValueType.BOOLEAN, false);
        if (match.isEmpty()) {
            table.problem(table.path("match") + " is required: a table of labels the alert must carry, "
                    + "e.g. match = { alertname = \"HighCPUUsage\" }");
        }
        int set = (table.has("floor_add") ? 1 : 0)
                + (table.has("floor_factor") ? 1 : 0)
                + (table.has("floor_replicas") ? 1 : 0);
        if (set != 1) {
            table.problem(table.path("floor_add") + ", " + table.path("floor_factor") + ", "
                    + table.path("floor_replicas") + ": exactly one must be set, found " + set);
            return new AlertRule(name, match, FloorKind.ADD, 0, fromZero);
        }
        if (table.has("floor_add")) {
            return new AlertRule(name, match, FloorKind.ADD, positive(table, "floor_add", ValueType.INT), fromZero);
        }
        if (table.has("floor_factor")) {
            double factor = table.get("floor_factor", ValueType.DOUBLE, 1.0);
            if (factor < 1) {
                table.problem(table.path("floor_factor") + " = " + factor + ": allowed: a number >= 1");
            }
            return new AlertRule(name, match, FloorKind.FACTOR, factor, fromZero);
        }
        return new AlertRule(name, match, FloorKind.FIXED, positive(table, "floor_replicas", ValueType.INT), fromZero);
    }

    private static int positive(TableReader table, String key, ValueType<Integer> type) {
        int value = table.get(key, type, 1);
        if (value < 1) {
            table.problem(table.path(key) + " = " + value + ": allowed: an integer >= 1");
        }
        return value;
    }
}
