package io.scaligator.actuator.policy;

import io.scaligator.common.target.NamespaceScope;
import java.time.Duration;
import java.util.Objects;

/** The configured limits every command is held to: where scaling is allowed, how far, how late, and dry-run. */
public record CommandLimits(NamespaceScope scope, int maxReplicas, Duration commandTtl, boolean dryRun) {

    public CommandLimits {
        Objects.requireNonNull(scope, "scope");
        Objects.requireNonNull(commandTtl, "commandTtl");
        if (maxReplicas < 1) {
            throw new IllegalArgumentException("maxReplicas must be >= 1, was " + maxReplicas);
        }
    }
}
