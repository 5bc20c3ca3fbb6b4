package io.scaligator.actuator.policy;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What the actuator knows of a workload when it decides: its replicas and resourceVersion, the commands last
 * applied to it (from its annotations), its other {@code scaligator.io/} annotations and any other autoscaler
 * targeting it.
 *
 * @param uid                the workload's uid (Events reference it), or null if unknown
 * @param lastCommandId      id of the last command applied, or null if none was
 * @param lastDecidedAt      decidedAt of that command, or null
 * @param recentCommandIds   ids of the most recently applied commands, newest first (includes lastCommandId)
 * @param otherAutoscaler    a description of an HPA (or KEDA's HPA) targeting the workload, or null
 * @param annotations        the workload's {@code scaligator.io/} annotations (exclude, paused, bounds, ...)
 * @param createdAt          the workload's creationTimestamp (whole seconds, the API server's clock), or null if
 *                           unknown: a workload deleted and created again under the same name has a new one
 */
public record WorkloadState(
        int replicas,
        String resourceVersion,
        String uid,
        String lastCommandId,
        Instant lastDecidedAt,
        List<String> recentCommandIds,
        String otherAutoscaler,
        Map<String, String> annotations,
        Instant createdAt) {

    public WorkloadState {
        if (replicas < 0) {
            throw new IllegalArgumentException("replicas must be >= 0, was " + replicas);
        }
        Objects.requireNonNull(resourceVersion, "resourceVersion");
        recentCommandIds = List.copyOf(recentCommandIds);
        annotations = Map.copyOf(annotations);
    }

    /** Whether the command with this id was applied to the workload recently enough to be remembered. */
    public boolean remembers(String commandId) {
        return commandId.equals(lastCommandId) || recentCommandIds.contains(commandId);
    }
}
