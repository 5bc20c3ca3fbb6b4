package io.scaligator.common.config;

import java.util.Map;
import java.util.Set;

/**
 * One {@code [[alert_rules]]} entry: while an alert whose labels match is firing, the target's replicas are held
 * at least at a floor (+N, xF of the replicas at firing time, or a fixed count); resolution releases it.
 */
public record AlertRule(String name, Map<String, String> match, FloorKind floorKind, double floorAmount) {

    /** How the floor is computed from the replicas at firing time. */
    public enum FloorKind { ADD, FACTOR, FIXED }

    static final Set<String> KEYS = Set.of("name", "match", "floor_add", "floor_factor", "floor_replicas");

    public AlertRule {
        match = Map.copyOf(match);
    }

    /** Whether every label in {@code match} has the same value in the alert's labels. */
    public boolean matches(Map<String, String> labels) {
        return match.entrySet().stream().allMatch(e -> e.getValue().equals(labels.get(e.getKey())));
    }

    /** The floor for a workload that had {@code replicasAtFiring} replicas when the alert started firing. */
    public int floor(int replicasAtFiring) {
        return switch (floorKind) {
            case ADD -> replicasAtFiring + (int) floorAmount;
            case FACTOR -> (int) Math.ceil(replicasAtFiring * floorAmount);
            case FIXED -> (int) floorAmount;
        };
    }

    static AlertRule read(TableReader table) {
        String name = table.required("name", ValueType.STRING);
        Map<String, String> match = table.stringTable("match");
        if (match.isEmpty()) {
            table.problem(table.path("match") + " is required: a table of labels the alert must carry, "
                    + "e.g. match = { alertname = \"HighCPUUsage\" }");
        }
        int set = (table.has("floor_add") ? 1 : 0) + (table.has("floor_factor") ? 1 : 0)
                + (table.has("floor_replicas") ? 1 : 0);
        if (set != 1) {
            table.problem(table.path("floor_add") + ", " + table.path("floor_factor") + ", "
                    + table.path("floor_replicas") + ": exactly one must be set, found " + set);
            return new AlertRule(name, match, FloorKind.ADD, 0);
        }
        if (table.has("floor_add")) {
            return new AlertRule(name, match, FloorKind.ADD, positive(table, "floor_add", ValueType.INT));
        }
        if (table.has("floor_factor")) {
            double factor = table.get("floor_factor", ValueType.DOUBLE, 1.0);
            if (factor < 1) {
                table.problem(table.path("floor_factor") + " = " + factor + ": allowed: a number >= 1");
            }
            return new AlertRule(name, match, FloorKind.FACTOR, factor);
        }
        return new AlertRule(name, match, FloorKind.FIXED, positive(table, "floor_replicas", ValueType.INT));
    }

    private static int positive(TableReader table, String key, ValueType<Integer> type) {
        int value = table.get(key, type, 1);
        if (value < 1) {
            table.problem(table.path(key) + " = " + value + ": allowed: an integer >= 1");
        }
        return value;
    }
}
