package io.scaligator.audit.replay;

import io.scaligator.audit.AuditException;
import io.scaligator.audit.read.AuditLog;
import io.scaligator.audit.read.CheckpointLog;
import io.scaligator.audit.read.PolicyLog;
import io.scaligator.audit.read.Recorded;
import io.scaligator.audit.read.RecordedSemantics;
import io.scaligator.audit.read.Retained;
import io.scaligator.audit.read.TimeRange;
import io.scaligator.common.event.Decision;
import io.scaligator.common.event.ScaleCommand;
import io.scaligator.common.event.ScaligatorEvent;
import io.scaligator.common.serde.EventJson;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Verifies the log by replay: re-runs the recorded inputs with the policy each was decided with, and compares the
 * re-run decisions and commands whose timestamps fall in the range with the recorded ones, byte for byte (both are
 * canonical JSON from the same serde). Each target is re-run from where the log still allows ({@link ReplayStart}):
 * from the beginning, or, when retention or deleteRecords trimmed its partitions or another engine semantics made
 * some of its decisions, from its earliest usable checkpoint; what lies before that start is counted as not
 * verified, never as a mismatch.
 */
public final class Verifier {

    private final PolicyLog policies;
    private final RecordedSemantics semantics;

    public Verifier(PolicyLog policies, RecordedSemantics semantics) {
        this.policies = policies;
        this.semantics = semantics;
    }

    /** {@code log} must have been read from the beginning of the topics; only {@code compare} is compared. */
    public Verification verify(AuditLog log, CheckpointLog checkpoints, TimeRange compare) {
        ReplayPlan plan = ReplayPlan.of(log.inputs(), log.decisions());
        if (plan.steps().stream().noneMatch(ReplayPlan.Step::decided)) {
            throw new AuditException("nothing to verify: no recorded decisions in "
                    + log.topics().decisions() + " from " + log.range());
        }
        Map<String, ReplayStart> starts = ReplayStart.of(log, checkpoints, plan, semantics);
        Map<String, Replayer.Output> rerunDecisions = new LinkedHashMap<>();
        Map<String, Replayer.Output> rerunCommands = new LinkedHashMap<>();
        Map<String, Boolean> reached = new LinkedHashMap<>();
        TreeSet<String> versions = new TreeSet<>();
        int replayed = 0;
        try (Replayer replayer = new Replayer(log.topics(), ReplayStart.checkpointStates(starts))) {
            Set<String> started = new HashSet<>();
            for (ReplayPlan.Step step : plan.steps()) {
                if (!ReplayStart.reruns(starts.get(step.input().key()), step, started)) {
                    continue;
                }
                replayed++;
                versions.add(step.policyVersion());
                Replayer.Produced produced = replayer.replay(step.input(), policies.get(step.policyVersion()));
                Recorded in = step.input();
                boolean engineReached = plan.engineReached(in.topic(), in.partition(), in.offset());
                for (Replayer.Output o : produced.decisions()) {
                    String id = idOf(o.value(), Decision.class);
                    rerunDecisions.put(id, o);
                    reached.put(id, engineReached);
                }
                for (Replayer.Output o : produced.commands()) {
                    String id = idOf(o.value(), ScaleCommand.class);
                    rerunCommands.put(id, o);
                    reached.put(id, engineReached);
                }
            }
        }
        Comparison c = new Comparison(compare, starts, log.retained(), reached);
        for (Recorded r : plan.decisionsWithoutInput()) {
            ReplayStart start = starts.get(r.key());
            if (!compare.contains(r.timestamp())) {
                continue;
            }
            if (r.event() != null && start != null && !start.coversDecisionAt(r.offset())) {
                c.unverifiedDecisions++;
            } else {
                c.mismatches.add(mismatch(
                        "decision",
                        r,
                        r.event() == null
                                ? "not a readable decision"
                                : "its input " + ((Decision) r.event()).input().coordinates() + " is not in the log",
                        List.of()));
            }
        }
        Verification.Count decisions =
                c.compare("decision", log.topics().decisions(), log.decisions(), rerunDecisions, true);
        Verification.Count commands =
                c.compare("command", log.topics().commands(), log.commands(), rerunCommands, false);
        return new Verification(
                compare.toString(),
                List.copyOf(versions),
                replayed,
                decisions,
                commands,
                c.pending,
                c.mismatches,
                new Verification.Coverage(
                        log.retained().trimmed(),
                        List.copyOf(starts.values()),
                        c.unverifiedDecisions,
                        c.unverifiedCommands,
                        c.from,
                        c.to));
    }

    /** The comparison of recorded and re-run records, and what it found. */
    private static final class Comparison {
        private final TimeRange range;
        private final Map<String, ReplayStart> starts;
        private final Retained retained;
        private final Map<String, Boolean> reached;
        private final List<Verification.Mismatch> mismatches = new ArrayList<>();
        private int pending;
        private int unverifiedDecisions;
        private int unverifiedCommands;
        private Instant from;
        private Instant to;

        Comparison(TimeRange range, Map<String, ReplayStart> starts, Retained retained, Map<String, Boolean> reached) {
            this.range = range;
            this.starts = starts;
            this.retained = retained;
            this.reached = reached;
        }

        Verification.Count compare(
                String kind,
                String topic,
                List<Recorded> recorded,
                Map<String, Replayer.Output> rerun,
                boolean decisions) {
            int matched = 0;
            int mismatched = 0;
            // every recorded record is compared, so a forged copy under an existing id is a mismatch of its own
            Map<String, Recorded> recordedById = new LinkedHashMap<>();
            for (Recorded r : recorded) {
                if (r.event() != null) {
                    recordedById.putIfAbsent(r.event().id(), r);
                }
            }
            for (Recorded r : recorded) {
                if (!range.contains(r.timestamp())) {
                    continue;
                }
                if (!covered(r, decisions)) {
                    unverified(decisions);
                    continue;
                }
                Instant at = Instant.ofEpochMilli(r.timestamp());
                from = from == null || at.isBefore(from) ? at : from;
                to = to == null || at.isAfter(to) ? at : to;
                if (r.event() == null) {
                    mismatched++;
                    mismatches.add(mismatch(kind, r, "not a readable " + kind, List.of()));
                    continue;
                }
                Replayer.Output again = rerun.get(r.event().id());
                if (again == null) {
                    mismatched++;
                    mismatches.add(mismatch(kind, r, "recorded, but the re-run did not produce it", List.of()));
                } else if (!Arrays.equals(r.value(), again.value())
                        || r.timestamp() != again.timestamp()
                        || !r.key().equals(again.key())) {
                    mismatched++;
                    mismatches.add(
                            mismatch(kind, r, "recorded " + kind + " differs from the re-run", differences(r, again)));
                } else {
                    matched++;
                }
            }
            for (Map.Entry<String, Replayer.Output> e : rerun.entrySet()) {
                Replayer.Output o = e.getValue();
                if (recordedById.containsKey(e.getKey()) || !range.contains(o.timestamp())) {
                    continue;
                }
                if (!reached.get(e.getKey())) {
                    pending++;
                } else if (trimmedBefore(topic, o)) {
                    unverified(decisions);
                } else {
                    mismatched++;
                    mismatches.add(new Verification.Mismatch(
                            kind,
                            e.getKey(),
                            o.key(),
                            Instant.ofEpochMilli(o.timestamp()).toString(),
                            "the re-run produced it, but it is not recorded",
                            List.of()));
                }
            }
            return new Verification.Count(matched, mismatched);
        }

        /** Whether a recorded record lies where its target's re-run reaches (unreadable ones always do). */
        private boolean covered(Recorded r, boolean decisions) {
            ReplayStart start = r.event() == null ? null : starts.get(r.key());
            if (start == null) {
                return true;
            }
            return decisions ? start.coversDecisionAt(r.offset()) : start.coversTime(r.timestamp());
        }

        /** Whether a re-run output would sit in the part of its topic that was deleted: nothing to compare it with. */
        private boolean trimmedBefore(String topic, Replayer.Output o) {
            Retained.Partition p = retained.holding(topic, o.key());
            return p.trimmed() && (p.firstTimestamp() == null || o.timestamp() < p.firstTimestamp());
        }

        private void unverified(boolean decisions) {
            if (decisions) {
                unverifiedDecisions++;
            } else {
                unverifiedCommands++;
            }
        }
    }

    private static List<JsonDiff.Field> differences(Recorded r, Replayer.Output again) {
        List<JsonDiff.Field> fields = new ArrayList<>(JsonDiff.diff(r.value(), again.value()));
        if (r.timestamp() != again.timestamp()) {
            fields.add(new JsonDiff.Field(
                    "(record timestamp)",
                    Instant.ofEpochMilli(r.timestamp()).toString(),
                    Instant.ofEpochMilli(again.timestamp()).toString()));
        }
        if (!r.key().equals(again.key())) {
            fields.add(new JsonDiff.Field("(record key)", r.key(), again.key()));
        }
        fields.removeIf(f -> f.path().equals("(bytes)") && fields.size() > 1);
        return fields;
    }

    private static Verification.Mismatch mismatch(
            String kind, Recorded r, String problem, List<JsonDiff.Field> fields) {
        String id = r.event() != null ? r.event().id() : r.coordinates();
        return new Verification.Mismatch(
                kind, id, r.key(), Instant.ofEpochMilli(r.timestamp()).toString(), problem, fields);
    }

    private static <T extends ScaligatorEvent> String idOf(byte[] value, Class<T> type) {
        return EventJson.read(value, type).id();
    }
}
