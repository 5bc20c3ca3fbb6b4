package io.scaligator.actuator.policy;

import io.scaligator.common.config.ActuatorSettings;
import io.scaligator.common.config.ScaligatorConfig;
import io.scaligator.common.target.NamespaceScope;
import java.time.Duration;
import java.util.HashSet;
import java.util.Objects;
import java.util.Set;

/**
 * The configured limits every command is held to: where scaling is allowed, how far, how late, how early, and
 * dry-run.
 *
 * @param scope             where scaling is allowed (common's one namespace rule)
 * @param minReplicas       the floor of a scale-down unless the workload's min-replicas annotation says otherwise
 * @param maxReplicas       the cap of a scale-up; the workload's max-replicas annotation may only lower it
 * @param downtimeReplicas  the counts a time rule's downtime may set below the floor: downtime_replicas and each
 *                          time rule's (a workload's downtime-replicas annotation replaces them)
 * @param maxClockSkew      how far a command's decidedAt may lie ahead of this instance's clock
 */
public record CommandLimits(
        NamespaceScope scope,
        int minReplicas,
        int maxReplicas,
        Set<Integer> downtimeReplicas,
        Duration commandTtl,
        Duration maxClockSkew,
        boolean dryRun) {

    public CommandLimits {
        Objects.requireNonNull(scope, "scope");
        downtimeReplicas = Set.copyOf(downtimeReplicas);
        Objects.requireNonNull(commandTtl, "commandTtl");
        Objects.requireNonNull(maxClockSkew, "maxClockSkew");
        if (maxReplicas < 1) {
            throw new IllegalArgumentException("maxReplicas must be >= 1, was " + maxReplicas);
        }
        if (minReplicas < 0) {
            throw new IllegalArgumentException("minReplicas must be >= 0, was " + minReplicas);
        }
    }

    /** The limits the config sets. */
    public static CommandLimits of(ScaligatorConfig config) {
        Set<Integer> downtime = new HashSet<>();
        downtime.add(config.downtimeReplicas());
        config.timeRules().forEach(rule -> downtime.add(rule.downtimeReplicas()));
        ActuatorSettings actuator = config.actuator();
        return new CommandLimits(
                config.namespaceScope(),
                config.minReplicas(),
                config.maxReplicas(),
                downtime,
                actuator.commandTtl(),
                actuator.maxClockSkew(),
                actuator.dryRun());
    }
}
