package io.scaligator.audit.replay;

import static org.assertj.core.api.Assertions.assertThat;

import io.scaligator.audit.read.AuditLog;
import io.scaligator.audit.read.CheckpointLog;
import io.scaligator.audit.read.Recorded;
import io.scaligator.audit.read.Retained;
import io.scaligator.audit.read.TimeRange;
import io.scaligator.common.event.Decision;
import io.scaligator.common.event.InputRef;
import io.scaligator.common.event.MetricSample;
import io.scaligator.common.event.Observation;
import io.scaligator.common.kafka.Topics;
import io.scaligator.common.serde.EventJson;
import io.scaligator.common.target.TargetRef;
import io.scaligator.engine.core.TargetState;
import io.scaligator.engine.topology.Checkpoint;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/**
 * Where a target's re-run starts: from the beginning while nothing of it was trimmed, else from its earliest usable
 * checkpoint, else nowhere (unverifiable). One target, one partition per topic; observation n decided at offset n.
 */
class ReplayStartTest {

    private static final Topics TOPICS = new Topics("u.");
    private static final TargetRef WEB = TargetRef.deployment("default", "web");
    private static final Instant T0 = Instant.parse("2026-12-01T00:00:00Z");

    @Test
    void anUntrimmedTargetIsReRunFromTheBeginningWhateverItsCheckpoints() {
        ReplayStart start = startOf(0, List.of(0L, 1L, 2L), checkpoints(1));

        assertThat(start.kind()).isEqualTo(ReplayStart.Kind.BEGINNING);
        assertThat(start.coversDecisionAt(0)).isTrue();
    }

    @Test
    void aTrimmedTargetStartsFromItsEarliestCheckpointWhoseDecisionIsStillThere() {
        ReplayStart start = startOf(5, List.of(5L, 6L, 7L, 8L, 9L), checkpoints(3, 7, 9));

        assertThat(start.kind()).isEqualTo(ReplayStart.Kind.CHECKPOINT);
        assertThat(start.checkpoint().decisionId()).isEqualTo("dec-7");
        assertThat(start.coversDecisionAt(6)).isFalse();
        assertThat(start.coversDecisionAt(7)).isTrue();
        assertThat(start.coversTime(at(6).toEpochMilli())).isFalse();
        assertThat(start.coversTime(at(7).toEpochMilli())).isTrue();
    }

    @Test
    void aCheckpointAfterWhichADecisionLostItsInputIsNotUsed() {
        // decision 8 names input 8, which is not in the log: only a checkpoint after it can be used
        ReplayStart later = startOf(5, List.of(5L, 6L, 7L, 9L), checkpoints(7, 9), 8L);
        ReplayStart none = startOf(5, List.of(5L, 6L, 7L, 9L), checkpoints(7), 8L);

        assertThat(later.kind()).isEqualTo(ReplayStart.Kind.CHECKPOINT);
        assertThat(later.checkpoint().decisionId()).isEqualTo("dec-9");
        assertThat(none.kind()).isEqualTo(ReplayStart.Kind.UNVERIFIABLE);
        assertThat(none.reason()).contains("trimmed past its latest checkpoint");
        assertThat(none.coversDecisionAt(9)).isFalse();
    }

    @Test
    void aTrimmedTargetWithoutAUsableCheckpointIsUnverifiableAndSaysWhy() {
        ReplayStart trimmedPast = startOf(5, List.of(5L, 6L), checkpoints(2, 4));
        ReplayStart noCheckpoint = startOf(5, List.of(5L, 6L), checkpoints());

        assertThat(trimmedPast.kind()).isEqualTo(ReplayStart.Kind.UNVERIFIABLE);
        assertThat(trimmedPast.reason()).contains("before u.observations-0@4");
        assertThat(noCheckpoint.kind()).isEqualTo(ReplayStart.Kind.UNVERIFIABLE);
        assertThat(noCheckpoint.reason()).isEqualTo("its partitions were trimmed and it has no checkpoint");
        assertThat(noCheckpoint.coversTime(at(6).toEpochMilli())).isFalse();
    }

    /** Decisions 0-4 by an earlier engine semantics (policy v0), 5-9 by this one (v1); nothing trimmed. */
    @Test
    void aTargetAnotherEngineSemanticsDecidedStartsFromItsFirstCheckpointSince() {
        AuditLog log = logOf(0, List.of(0L, 1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L));

        ReplayStart since = startOf(log, checkpoints(3, 7), OLD_SEMANTICS_UNTIL_5);
        ReplayStart none = startOf(log, checkpoints(3), OLD_SEMANTICS_UNTIL_5);
        ReplayStart sameEngine = startOf(log, checkpoints(3, 7), version -> null);

        assertThat(since.kind()).isEqualTo(ReplayStart.Kind.CHECKPOINT);
        assertThat(since.checkpoint().decisionId()).isEqualTo("dec-7");
        assertThat(since.reason()).isEqualTo("its decisions until " + at(4) + " were made by engine semantics 0");
        assertThat(since.coversDecisionAt(6)).isFalse();
        assertThat(none.kind()).isEqualTo(ReplayStart.Kind.UNVERIFIABLE);
        assertThat(none.reason())
                .isEqualTo("its decisions until " + at(4) + " were made by engine semantics 0, and it has no "
                        + "checkpoint since");
        assertThat(sameEngine.kind()).isEqualTo(ReplayStart.Kind.BEGINNING);
    }

    /** A forged second record under an old decision's id, appended later, must not push the start past it. */
    @Test
    void aCopyOfAnOldDecisionAppendedLaterDoesNotMoveTheStart() {
        AuditLog log = logOf(0, List.of(0L, 1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L));
        List<Recorded> decisions = new ArrayList<>(log.decisions());
        Recorded copied = decisions.get(2);
        decisions.add(
                new Recorded(copied.topic(), 0, 10, copied.timestamp(), copied.key(), copied.value(), copied.event()));
        AuditLog withCopy = new AuditLog(
                TOPICS,
                TimeRange.ALL,
                log.inputs(),
                decisions,
                List.of(),
                List.of(),
                Set.of(WEB.key()),
                log.retained());

        ReplayStart start = startOf(withCopy, checkpoints(7), OLD_SEMANTICS_UNTIL_5);

        assertThat(start.kind()).isEqualTo(ReplayStart.Kind.CHECKPOINT);
        assertThat(start.checkpoint().decisionId()).isEqualTo("dec-7");
        assertThat(start.coversDecisionAt(10)).as("the copy is compared").isTrue();
    }

    @Test
    void anUntrimmedLogNeedsNoCheckpointsSoTheirTopicIsNotRead() {
        // no reader at all: reading the checkpoints topic (which engines before checkpoints did not create) would fail
        assertThat(CheckpointLog.neededFor(logOf(0, List.of(0L, 1L)), null, Set.of())
                        .of(WEB.key()))
                .isEmpty();
    }

    /** Decisions of policy v0 were made by engine semantics 0, the others by this audit's. */
    private static final Function<String, String> OLD_SEMANTICS_UNTIL_5 =
            version -> version.equals("v0") ? "engine semantics 0" : null;

    private static ReplayStart startOf(AuditLog log, CheckpointLog checkpoints, Function<String, String> other) {
        return ReplayStart.of(log, checkpoints, ReplayPlan.of(log.inputs(), log.decisions()), other)
                .get(WEB.key());
    }

    /** The start of WEB with its observations and decisions kept from {@code beginning} on. */
    private static ReplayStart startOf(
            long beginning, List<Long> inputs, CheckpointLog checkpoints, long... decidedWithoutInput) {
        AuditLog log = logOf(beginning, inputs, decidedWithoutInput);
        return ReplayStart.of(log, checkpoints, ReplayPlan.of(log.inputs(), log.decisions()))
                .get(WEB.key());
    }

    /** WEB's observations {@code inputs}, each decided, and decisions without input, kept from {@code beginning}. */
    private static AuditLog logOf(long beginning, List<Long> inputs, long... decidedWithoutInput) {
        List<Recorded> observations = new ArrayList<>();
        List<Recorded> decisions = new ArrayList<>();
        inputs.forEach(n -> observations.add(observation(n)));
        LongStream.concat(inputs.stream().mapToLong(Long::longValue), LongStream.of(decidedWithoutInput))
                .sorted()
                .forEach(n -> decisions.add(decision(n)));
        Retained retained = new Retained(Map.of(
                "u.alerts-0", new Retained.Partition(TOPICS.alerts(), 0, 0, null),
                "u.observations-0",
                        new Retained.Partition(
                                TOPICS.observations(),
                                0,
                                beginning,
                                at(beginning).toEpochMilli()),
                "u.decisions-0",
                        new Retained.Partition(
                                TOPICS.decisions(), 0, beginning, at(beginning).toEpochMilli())));
        return new AuditLog(
                TOPICS, TimeRange.ALL, observations, decisions, List.of(), List.of(), Set.of(WEB.key()), retained);
    }

    private static CheckpointLog checkpoints(long... before) {
        List<Checkpoint> list = LongStream.of(before)
                .mapToObj(n -> new Checkpoint(WEB.key(), TargetState.empty(), input(n), "dec-" + n, "v1", at(n)))
                .toList();
        return new CheckpointLog(list.isEmpty() ? Map.of() : Map.of(WEB.key(), list), 0);
    }

    private static Recorded observation(long n) {
        Observation o = new Observation(
                "obs-" + n, WEB, at(n), 2, 2, List.of(MetricSample.present("cpu", 0.5)), null, Map.of());
        return new Recorded(TOPICS.observations(), 0, n, at(n).toEpochMilli(), WEB.key(), EventJson.write(o), o);
    }

    private static Recorded decision(long n) {
        Decision d = new Decision(
                "dec-" + n,
                WEB,
                at(n),
                input(n),
                n < 5 ? "v0" : "v1",
                2,
                List.of(),
                List.of(),
                Decision.Result.HOLD,
                2,
                "none",
                "steady",
                null);
        return new Recorded(TOPICS.decisions(), 0, n, at(n).toEpochMilli(), WEB.key(), EventJson.write(d), d);
    }

    private static InputRef input(long n) {
        return new InputRef(TOPICS.observations(), 0, n, "obs-" + n, "observation");
    }

    private static Instant at(long n) {
        return T0.plusSeconds(30 * n);
    }
}
