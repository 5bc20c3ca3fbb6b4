package io.scaligator.audit.replay;

import io.scaligator.audit.read.AuditLog;
import io.scaligator.audit.read.CheckpointLog;
import io.scaligator.audit.read.Recorded;
import io.scaligator.audit.read.Retained;
import io.scaligator.common.event.Decision;
import io.scaligator.common.target.TargetRef;
import io.scaligator.engine.core.TargetState;
import io.scaligator.engine.topology.Checkpoint;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Where the re-run of one target starts. A target none of whose input or decisions partitions was trimmed is re-run
 * from the beginning, with no state. Otherwise its earliest <em>usable</em> checkpoint is the start: one whose
 * decision is still in the decisions topic and after which every decision of the target still has its input. A
 * trimmed target without one cannot be verified: its early inputs are gone and nothing says what state they left.
 *
 * @param checkpoint the checkpoint it starts from ({@link Kind#CHECKPOINT} only)
 * @param decisionOffset the offset in the decisions topic of the checkpoint's decision ({@link Kind#CHECKPOINT} only)
 * @param reason why it cannot be verified ({@link Kind#UNVERIFIABLE} only)
 */
public record ReplayStart(String target, Kind kind, Checkpoint checkpoint, long decisionOffset, String reason) {

    /** How a target is re-run. */
    public enum Kind {
        BEGINNING,
        CHECKPOINT,
        UNVERIFIABLE
    }

    /** The start of every target with a decision or an input in the log. */
    public static Map<String, ReplayStart> of(AuditLog log, CheckpointLog checkpoints, ReplayPlan plan) {
        Map<String, ReplayStart> starts = new TreeMap<>();
        for (List<Recorded> records : List.of(log.decisions(), log.inputs())) {
            for (Recorded r : records) {
                if (r.event() != null && !TargetRef.UNMAPPED_KEY.equals(r.key())) {
                    starts.computeIfAbsent(r.key(), t -> of(t, log, checkpoints, plan));
                }
            }
        }
        return starts;
    }

    private static ReplayStart of(String target, AuditLog log, CheckpointLog checkpoints, ReplayPlan plan) {
        Retained retained = log.retained();
        boolean trimmed = List.of(
                        log.topics().alerts(),
                        log.topics().observations(),
                        log.topics().decisions())
                .stream()
                .anyMatch(topic -> retained.holding(topic, target).trimmed());
        if (!trimmed) {
            return new ReplayStart(target, Kind.BEGINNING, null, -1, null);
        }
        List<Checkpoint> candidates = checkpoints.of(target);
        if (candidates.isEmpty()) {
            return unverifiable(target, "its partitions were trimmed and it has no checkpoint");
        }
        Map<String, Long> decisionOffsets = new TreeMap<>();
        for (Recorded r : log.decisions()) {
            if (target.equals(r.key()) && r.event() instanceof Decision) {
                decisionOffsets.putIfAbsent(r.event().id(), r.offset());
            }
        }
        long lastWithoutInput = plan.decisionsWithoutInput().stream()
                .filter(r -> target.equals(r.key()))
                .mapToLong(Recorded::offset)
                .max()
                .orElse(-1);
        for (Checkpoint c : candidates) {
            Long offset = decisionOffsets.get(c.decisionId());
            if (offset != null && offset > lastWithoutInput) {
                return new ReplayStart(target, Kind.CHECKPOINT, c, offset, null);
            }
        }
        Checkpoint latest = candidates.get(candidates.size() - 1);
        return unverifiable(
                target,
                "its partitions were trimmed past its latest checkpoint (before "
                        + latest.input().coordinates() + ", " + latest.at() + "), or a later input of it was");
    }

    private static ReplayStart unverifiable(String target, String reason) {
        return new ReplayStart(target, Kind.UNVERIFIABLE, null, -1, reason);
    }

    /**
     * Whether a step is re-run: every step of a target re-run from the beginning (and of unmapped signals), none of
     * an unverifiable target, and for a target re-run from a checkpoint its steps from the checkpoint's input on;
     * {@code started} collects the targets whose checkpoint's input has been reached.
     */
    static boolean reruns(ReplayStart start, ReplayPlan.Step step, Set<String> started) {
        if (start == null || start.kind() == Kind.BEGINNING) {
            return true;
        }
        if (start.kind() == Kind.UNVERIFIABLE) {
            return false;
        }
        if (!step.decided()) {
            return start.coversTime(step.input().timestamp());
        }
        if (step.input().coordinates().equals(start.checkpoint().input().coordinates())) {
            started.add(start.target());
        }
        return started.contains(start.target());
    }

    /** The starting states of the targets re-run from a checkpoint. */
    static Map<String, TargetState> checkpointStates(Map<String, ReplayStart> starts) {
        Map<String, TargetState> states = new HashMap<>();
        starts.values().stream()
                .filter(s -> s.kind() == Kind.CHECKPOINT)
                .forEach(s -> states.put(s.target(), s.checkpoint().state()));
        return states;
    }

    /** Whether this target's decision at {@code offset} in the decisions topic is re-run. */
    boolean coversDecisionAt(long offset) {
        return kind == Kind.BEGINNING || (kind == Kind.CHECKPOINT && offset >= decisionOffset);
    }

    /** Whether this target's input or command of this record time is re-run. */
    boolean coversTime(long timestamp) {
        return kind == Kind.BEGINNING
                || (kind == Kind.CHECKPOINT && timestamp >= checkpoint.at().toEpochMilli());
    }
}
