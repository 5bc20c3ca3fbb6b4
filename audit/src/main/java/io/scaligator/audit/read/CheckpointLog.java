package io.scaligator.audit.read;

import io.scaligator.common.kafka.Topics;
import io.scaligator.engine.topology.Checkpoint;
import io.scaligator.engine.topology.CheckpointCodec;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The engine's state checkpoints (compacted topic, key = target), every one still in the topic, oldest first per
 * target; a checkpoint that cannot be read is counted and left out (verify then starts from another one).
 */
public record CheckpointLog(Map<String, List<Checkpoint>> byTarget, int unreadable) {

    /**
     * The checkpoints a re-run of {@code log} needs: none when no partition of it was trimmed (every target then
     * starts from the beginning, and the checkpoints topic, which engines before checkpoints did not create, is not
     * read), else those of {@code targets} (all when empty).
     */
    public static CheckpointLog neededFor(AuditLog log, LogReader reader, Set<String> targets) {
        return neededFor(log, reader, targets, false);
    }

    /** As {@link #neededFor(AuditLog, LogReader, Set)}, and also when another engine semantics made decisions of it. */
    public static CheckpointLog neededFor(
            AuditLog log, LogReader reader, Set<String> targets, RecordedSemantics semantics) {
        return neededFor(log, reader, targets, semantics.anyOther(log));
    }

    private static CheckpointLog neededFor(
            AuditLog log, LogReader reader, Set<String> targets, boolean otherSemantics) {
        return log.retained().trimmed().isEmpty() && !otherSemantics
                ? new CheckpointLog(Map.of(), 0)
                : read(reader, log.topics(), targets);
    }

    private static CheckpointLog read(LogReader reader, Topics topics, Set<String> targets) {
        Map<String, List<Checkpoint>> byTarget = new HashMap<>();
        int unreadable = 0;
        for (Recorded r : reader.read(
                        List.of(topics.checkpoints()),
                        TimeRange.ALL,
                        key -> key != null && (targets.isEmpty() || targets.contains(key)))
                .records()) {
            if (r.value() == null) {
                continue; // a tombstone: the target's state was dropped, its earlier checkpoints still hold
            }
            try {
                Checkpoint c = CheckpointCodec.decode(r.value());
                if (c.target().equals(r.key())) {
                    byTarget.computeIfAbsent(r.key(), k -> new ArrayList<>()).add(c);
                    continue;
                }
            } catch (IllegalArgumentException e) {
                // counted below
            }
            unreadable++;
        }
        return new CheckpointLog(byTarget, unreadable);
    }

    /** The target's checkpoints, oldest first. */
    public List<Checkpoint> of(String target) {
        return byTarget.getOrDefault(target, List.of());
    }
}
