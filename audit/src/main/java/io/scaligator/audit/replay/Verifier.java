package io.scaligator.audit.replay;

import io.scaligator.audit.AuditException;
import io.scaligator.audit.read.AuditLog;
import io.scaligator.audit.read.PolicyLog;
import io.scaligator.audit.read.Recorded;
import io.scaligator.audit.read.TimeRange;
import io.scaligator.common.event.Decision;
import io.scaligator.common.event.ScaleCommand;
import io.scaligator.common.event.ScaligatorEvent;
import io.scaligator.common.serde.EventJson;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Verifies the log by replay: re-runs every recorded input from the beginning of the topics with the policy each
 * was decided with, and compares the re-run decisions and commands whose timestamps fall in the range with the
 * recorded ones, byte for byte (both are canonical JSON from the same serde).
 */
public final class Verifier {

    private final PolicyLog policies;

    public Verifier(PolicyLog policies) {
        this.policies = policies;
    }

    /** {@code log} must have been read from the beginning of the topics; only {@code compare} is compared. */
    public Verification verify(AuditLog log, TimeRange compare) {
        ReplayPlan plan = ReplayPlan.of(log.inputs(), log.decisions());
        if (plan.steps().stream().noneMatch(ReplayPlan.Step::decided)) {
            throw new AuditException("nothing to verify: no recorded decisions in "
                    + log.topics().decisions() + " from " + log.range());
        }
        Map<String, Replayer.Output> rerunDecisions = new LinkedHashMap<>();
        Map<String, Replayer.Output> rerunCommands = new LinkedHashMap<>();
        Map<String, Boolean> reached = new LinkedHashMap<>();
        TreeSet<String> versions = new TreeSet<>();
        try (Replayer replayer = new Replayer(log.topics())) {
            for (ReplayPlan.Step step : plan.steps()) {
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
        List<Verification.Mismatch> mismatches = new ArrayList<>();
        for (Recorded r : plan.decisionsWithoutInput()) {
            if (compare.contains(r.timestamp())) {
                mismatches.add(mismatch(
                        "decision",
                        r,
                        r.event() == null
                                ? "not a readable decision"
                                : "its input " + ((Decision) r.event()).input().coordinates() + " is not in the log",
                        List.of()));
            }
        }
        int[] pending = {0};
        Verification.Count decisions =
                compare("decision", log.decisions(), rerunDecisions, reached, compare, mismatches, pending);
        Verification.Count commands =
                compare("command", log.commands(), rerunCommands, reached, compare, mismatches, pending);
        return new Verification(
                compare.toString(),
                List.copyOf(versions),
                plan.steps().size(),
                decisions,
                commands,
                pending[0],
                mismatches);
    }

    private static Verification.Count compare(
            String kind,
            List<Recorded> recorded,
            Map<String, Replayer.Output> rerun,
            Map<String, Boolean> reached,
            TimeRange range,
            List<Verification.Mismatch> mismatches,
            int[] pending) {
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
                mismatches.add(mismatch(kind, r, "recorded " + kind + " differs from the re-run", fields));
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
                pending[0]++;
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
