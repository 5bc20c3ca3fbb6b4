package io.scaligator.common.config;

import java.util.List;
import java.util.Set;

/**
 * One {@code [[time_rules]]} entry: an uptime or downtime schedule in kube-downscaler syntax
 * ({@code Mon-Fri 08:00-20:00 Europe/Berlin}, comma-separated, overnight ranges allowed) for the workloads of some
 * namespaces. During downtime a workload runs {@code downtimeReplicas}; afterwards its original count returns.
 */
public record TimeRule(String name, List<String> namespaces, String uptime, String downtime, int downtimeReplicas) {

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
        return new TimeRule(name, namespaces, uptime, downtime, Math.max(replicas, 0));
    }
}
