package io.scaligator.actuator.policy;

import java.time.Duration;
import java.util.Objects;
import java.util.Set;

/** The configured limits every command is held to: where scaling is allowed, how far, how late, and dry-run. */
public record CommandLimits(Set<String> watchNamespaces, String ownNamespace, int maxReplicas, Duration commandTtl,
        boolean dryRun) {

    public CommandLimits {
        watchNamespaces = Set.copyOf(watchNamespaces);
        Objects.requireNonNull(ownNamespace, "ownNamespace");
        Objects.requireNonNull(commandTtl, "commandTtl");
        if (maxReplicas < 1) {
            throw new IllegalArgumentException("maxReplicas must be >= 1, was " + maxReplicas);
        }
    }

    /** Only watched namespaces may be scaled, and never Scaligator's own. */
    public boolean mayScale(String namespace) {
        return watchNamespaces.contains(namespace) && !namespace.equals(ownNamespace);
    }
}
