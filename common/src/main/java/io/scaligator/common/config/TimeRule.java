package io.scaligator.common.config;

import io.scaligator.common.schedule.ScheduleException;
import io.scaligator.common.schedule.ScheduleParser;
import java.util.List;
import java.util.Set;

/**
 * One {@code [[time_rules]]} entry: an uptime or downtime schedule in kube-downscaler syntax
 * ({@code Mon-Fri 08:00-20:00 Europe/Berlin}, comma-separated, overnight ranges allowed) for the workloads of some
 * namespaces. During downtime a workload runs {@code downtimeReplicas}; afterwards its original count returns.
 */
public record TimeRule(String name, List<String> namespaces, String uptime, String downtime, int downtimeReplicas) {

    /** The name of the rule the seed's disable_dev_after / enable_dev_after keys become. */
    public static final String DEV_HOURS = "dev-hours";

    static final Set<String> KEYS = Set.of("name", "namespaces", "uptime", "downtime", "downtime_replicas");

    public TimeRule {
        namespaces = List.copyOf(namespaces);
        if ((uptime == null) == (downtime == null)) {
            throw new IllegalArgumentException("time rule " + name + " needs exactly one of uptime and downtime");
        }
    }

    /** Whether the rule applies to workloads of this namespace. */
    public boolean appliesTo(String namespace) {
        return namespaces.contains(namespace);
    }

    static TimeRule read(TableReader table, int defaultDowntimeReplicas) {
        String name = table.required("name", ValueType.STRING);
        List<String> namespaces = table.get("namespaces", ValueType.STRING_LIST, List.of());
        if (namespaces.isEmpty()) {
            table.problem(table.path("namespaces") + " is required: the namespaces the schedule applies to");
        }
        String uptime = table.get("uptime", ValueType.STRING, null);
        String downtime = table.get("downtime", ValueType.STRING, null);
        int replicas = table.get("downtime_replicas", ValueType.INT, defaultDowntimeReplicas);
        if (replicas < 0) {
            table.problem(table.path("downtime_replicas") + " = " + replicas + ": allowed: an integer >= 0");
        }
        if ((uptime == null) == (downtime == null)) {
            table.problem(table.path("uptime") + " / " + table.path("downtime") + ": exactly one must be set");
            return null;
        }
        String key = uptime != null ? "uptime" : "downtime";
        if (!validSchedule(uptime != null ? uptime : downtime, table.path(key), table::problem)) {
            return null;
        }
        return new TimeRule(name, namespaces, uptime, downtime, Math.max(replicas, 0));
    }

    /**
     * Whether the schedule text parses; if not, reports a problem naming {@code key}. Every service loads the config,
     * so every service refuses a broken schedule at start, not only the engine that evaluates it.
     */
    static boolean validSchedule(String text, String key, java.util.function.Consumer<String> problem) {
        try {
            ScheduleParser.parse(text);
            return true;
        } catch (ScheduleException e) {
            problem.accept(key + ": " + e.getMessage());
            return false;
        }
    }
}
