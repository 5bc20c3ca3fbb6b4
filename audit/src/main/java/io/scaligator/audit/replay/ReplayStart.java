package io.scaligator.audit.replay;

import io.scaligator.audit.read.AuditLog;
import io.scaligator.audit.read.CheckpointLog;
import io.scaligator.audit.read.Recorded;
import io.scaligator.audit.read.Retained;
import io.scaligator.common.event.Decision;
import io.scaligator.common.target.TargetRef;
import io.scaligator.engine.core.TargetState;
import io.scaligator.engine.topology.Checkpoint;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Where the re-run of one target starts. A target none of whose input or decisions partitions was trimmed, and all of
 * whose decisions this audit's engine semantics made, is re-run from the beginning, with no state. Otherwise its
 * earliest <em>usable</em> checkpoint is the start: one whose decision is still in the decisions topic, after which
 * every decision of the target still has its input, and after the last decision another engine semantics made (an
 * engine before an upgrade decided by rules this one no longer has; the state it left is in the checkpoint). A target
 * without one cannot be verified: its early inputs are gone, or only another engine could re-run them.
 *
 * @param checkpoint the checkpoint it starts from ({@link Kind#CHECKPOINT} only)
 * @param decisionOffset the offset in the decisions topic of the checkpoint's decision ({@link Kind#CHECKPOINT} only)
 * @param reason why it does not start from the beginning ({@link Kind#CHECKPOINT}) or cannot be verified
 *     ({@link Kind#UNVERIFIABLE})
 */
public record ReplayStart(String target, Kind kind, Checkpoint checkpoint, long decisionOffset, String reason) {

    /** How a target is re-run. */
    public enum Kind {
        BEGINNING,
        CHECKPOINT,
        UNVERIFIABLE
    }

    /** The start of every target with a decision or an input in the log, where the log was trimmed. */
    public static Map<String, ReplayStart> of(AuditLog log, CheckpointLog checkpoints, ReplayPlan plan) {
        return of(log, checkpoints, plan, version -> null);
    }

    /**
     * The start of every target with a decision or an input in the log, where the log was trimmed or another engine
     * semantics made some of its decisions: {@code otherEngine} describes the engine semantics that made a decision
     * of this policy version when it is not this audit's, else returns null
     * ({@link io.scaligator.audit.read.RecordedSemantics}).
     */
    public static Map<String, ReplayStart> of(
            AuditLog log, CheckpointLog checkpoints, ReplayPlan plan, Function<String, String> otherEngine) {
        Map<String, ReplayStart> starts = new TreeMap<>();
        for (List<Recorded> records : List.of(log.decisions(), log.inputs())) {
            for (Recorded r : records) {
                if (r.event() != null && !TargetRef.UNMAPPED_KEY.equals(r.key())) {
                    starts.computeIfAbsent(r.key(), t -> of(t, log, checkpoints, plan, otherEngine));
                }
            }
        }
        return starts;
    }

    private static ReplayStart of(
            String target,
            AuditLog log,
            CheckpointLog checkpoints,
            ReplayPlan plan,
            Function<String, String> otherEngine) {
        Retained retained = log.retained();
        boolean trimmed = List.of(
                        log.topics().alerts(),
                        log.topics().observations(),
                        log.topics().decisions())
                .stream()
                .anyMatch(topic -> retained.holding(topic, target).trimmed());
        Map<String, Long> decisionOffsets = new TreeMap<>();
        Recorded lastByOther = null;
        String other = null;
        for (Recorded r : log.decisions()) {
            if (target.equals(r.key()) && r.event() instanceof Decision d) {
                // a second record under a decision's id does not move the start: it is compared, as a forgery
                boolean first = decisionOffsets.putIfAbsent(d.id(), r.offset()) == null;
                String engine = first ? otherEngine.apply(d.policyVersion()) : null;
                if (engine != null) {
                    lastByOther = r;
                    other = engine;
                }
            }
        }
        if (!trimmed && lastByOther == null) {
            return new ReplayStart(target, Kind.BEGINNING, null, -1, null);
        }
        String otherReason = lastByOther == null
                ? null
                : "its decisions until " + Instant.ofEpochMilli(lastByOther.timestamp()) + " were made by " + other;
        List<Checkpoint> candidates = checkpoints.of(target);
        if (candidates.isEmpty()) {
            return unverifiable(
                    target,
                    otherReason != null
                            ? otherReason + ", and it has no checkpoint since"
                            : "its partitions were trimmed and it has no checkpoint");
        }
        long lastWithoutInput = plan.decisionsWithoutInput().stream()
                .filter(r -> target.equals(r.key()))
                .mapToLong(Recorded::offset)
                .max()
                .orElse(-1);
        long lastOther = lastByOther == null ? -1 : lastByOther.offset();
        for (Checkpoint c : candidates) {
            Long offset = decisionOffsets.get(c.decisionId());
            if (offset != null && offset > lastWithoutInput && offset > lastOther) {
                return new ReplayStart(
                        target,
                        Kind.CHECKPOINT,
                        c,
                        offset,
                        otherReason != null ? otherReason : "its partitions were trimmed");
            }
        }
        Long latestOffset =
                decisionOffsets.get(candidates.get(candidates.size() - 1).decisionId());
        if (otherReason != null && (latestOffset == null || latestOffset <= lastOther)) {
            return unverifiable(target, otherReason + ", and it has no checkpoint since");
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
