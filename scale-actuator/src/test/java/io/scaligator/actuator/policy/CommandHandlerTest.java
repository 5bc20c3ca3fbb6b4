package io.scaligator.actuator.policy;

import static org.assertj.core.api.Assertions.assertThat;

import io.scaligator.common.event.ScaleCommand;
import io.scaligator.common.event.ScaleOutcome.Status;
import io.scaligator.common.target.Annotations;
import io.scaligator.common.target.NamespaceScope;
import io.scaligator.common.target.TargetRef;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CommandHandlerTest {

    private static final Instant DECIDED = Instant.parse("2026-11-28T10:00:00Z");
    private static final Instant NOW = DECIDED.plusSeconds(5);
    private static final TargetRef WEB = TargetRef.deployment("apps", "web");

    private final CommandHandler handler = new CommandHandler(limits(false));

    private static CommandLimits limits(boolean dryRun) {
        return new CommandLimits(
                new NamespaceScope(List.of("apps", "dev"), "scaligator", List.of()),
                1,
                10,
                Set.of(0),
                Duration.ofSeconds(120),
                Duration.ofSeconds(30),
                dryRun);
    }

    private static ScaleCommand command(String id, TargetRef target, int to, Instant decidedAt) {
        return new ScaleCommand(id, "d-" + id, target, 2, to, "cpu", "cpu high", decidedAt, "p1");
    }

    private static ScaleCommand command(String id, int from, int to, String rule, Instant decidedAt) {
        return new ScaleCommand(id, "d-" + id, WEB, from, to, rule, "because", decidedAt, "p1");
    }

    private static WorkloadState state(int replicas, String lastId, Instant lastDecidedAt, String autoscaler) {
        return new WorkloadState(
                replicas,
                "7",
                "uid-1",
                lastId,
                lastDecidedAt,
                lastId == null ? List.of() : List.of(lastId),
                autoscaler,
                Map.of(),
                null);
    }

    private static WorkloadState annotated(int replicas, Map<String, String> annotations) {
        return new WorkloadState(replicas, "7", "uid-1", null, null, List.of(), null, annotations, null);
    }

    private static Verdict.Finish finish(Verdict verdict) {
        assertThat(verdict).isInstanceOf(Verdict.Finish.class);
        return (Verdict.Finish) verdict;
    }

    @Test
    void freshCommandOnAPlainWorkloadIsApplied() {
        Verdict verdict = handler.decide(command("c1", WEB, 4, DECIDED), state(2, null, null, null), NOW);

        assertThat(verdict).isEqualTo(new Verdict.Apply(4, 2, ""));
    }

    @Test
    void replicasAboveTheMaximumAreClamped() {
        Verdict verdict = handler.decide(command("c1", WEB, 40, DECIDED), state(2, null, null, null), NOW);

        assertThat(verdict).isEqualTo(new Verdict.Apply(10, 2, "clamped from 40 to max_replicas 10"));
    }

    @Test
    void namespaceOutsideWatchNamespacesIsRefusedWithoutReadingTheWorkload() {
        assertThat(handler.precheck(command("c1", TargetRef.deployment("prod", "web"), 4, DECIDED), NOW))
                .get()
                .extracting(Verdict.Finish::status)
                .isEqualTo(Status.REFUSED_NOT_ALLOWED);
    }

    @Test
    void ownNamespaceIsRefusedEvenIfWatched() {
        CommandHandler watchingOwn = new CommandHandler(new CommandLimits(
                new NamespaceScope(List.of("apps", "scaligator"), "scaligator", List.of()),
                1,
                10,
                Set.of(0),
                Duration.ofSeconds(120),
                Duration.ofSeconds(30),
                false));

        Verdict.Finish finish = watchingOwn
                .precheck(command("c1", TargetRef.deployment("scaligator", "engine"), 0, DECIDED), NOW)
                .orElseThrow();

        assertThat(finish.status()).isEqualTo(Status.REFUSED_NOT_ALLOWED);
        assertThat(finish.message()).contains("own namespace");
    }

    @Test
    void commandIsExpiredOnlyAfterItsTtl() {
        ScaleCommand command = command("c1", WEB, 4, DECIDED);

        assertThat(handler.decide(command, state(2, null, null, null), DECIDED.plusSeconds(120)))
                .isInstanceOf(Verdict.Apply.class);
        assertThat(finish(handler.decide(
                        command,
                        state(2, null, null, null),
                        DECIDED.plusSeconds(120).plusMillis(1))))
                .isEqualTo(Verdict.Finish.of(
                        Status.SKIPPED_EXPIRED,
                        2,
                        "expired at 2026-11-28T10:02:00Z (decided at 2026-11-28T10:00:00Z, command_ttl PT2M), now "
                                + "2026-11-28T10:02:00.001Z"));
        assertThat(finish(handler.decide(command, null, DECIDED.plusSeconds(121)))
                        .status())
                .as("an expired command for a workload that is gone")
                .isEqualTo(Status.SKIPPED_EXPIRED);
    }

    @Test
    void commandRememberedOnTheWorkloadIsAlreadyAppliedEvenPastItsTtl() {
        // A re-delivery after a failover may come long after the command was applied: it reports what happened.
        WorkloadState applied = new WorkloadState(4, "9", "uid-1", "c1", DECIDED, List.of("c1"), null, Map.of(), null);

        Verdict verdict = handler.decide(command("c1", WEB, 4, DECIDED), applied, DECIDED.plus(Duration.ofHours(1)));

        assertThat(verdict).isEqualTo(new Verdict.Finish(Status.APPLIED, 4, 4, "already applied"));
    }

    @Test
    void commandRememberedOnTheWorkloadIsAlreadyAppliedNotPatchedAgain() {
        WorkloadState applied = new WorkloadState(
                4, "9", "uid-1", "c2", DECIDED.plusSeconds(1), List.of("c2", "c1"), null, Map.of(), null);

        Verdict verdict = handler.decide(command("c1", WEB, 4, DECIDED), applied, NOW);

        assertThat(verdict).isEqualTo(new Verdict.Finish(Status.APPLIED, 4, 4, "already applied"));
    }

    @Test
    void commandDecidedBeforeOrAtTheLastAppliedOneIsStale() {
        WorkloadState applied = state(4, "c9", DECIDED, null);

        // All three are decided from the live count (4), so only their time tells them apart.
        assertThat(handler.decide(command("c1", 4, 3, "cpu", DECIDED.minusMillis(1)), applied, NOW))
                .extracting(v -> ((Verdict.Finish) v).status())
                .isEqualTo(Status.SKIPPED_STALE);
        assertThat(handler.decide(command("c2", 4, 3, "cpu", DECIDED), applied, NOW))
                .extracting(v -> ((Verdict.Finish) v).status())
                .isEqualTo(Status.SKIPPED_STALE);
        assertThat(handler.decide(command("c3", 4, 3, "cpu", DECIDED.plusMillis(1)), applied, NOW))
                .isInstanceOf(Verdict.Apply.class);
    }

    @Test
    void workloadWithAnotherAutoscalerIsAConflict() {
        Verdict verdict = handler.decide(
                command("c1", WEB, 4, DECIDED), state(2, null, null, "HorizontalPodAutoscaler apps/web"), NOW);

        assertThat(verdict).isInstanceOf(Verdict.Finish.class);
        assertThat(((Verdict.Finish) verdict).status()).isEqualTo(Status.CONFLICT_WITH_HPA);
        assertThat(((Verdict.Finish) verdict).message()).contains("HorizontalPodAutoscaler apps/web");
    }

    @Test
    void dryRunDecidesEverythingButPatchesNothing() {
        CommandHandler dryRun = new CommandHandler(limits(true));

        Verdict verdict = dryRun.decide(command("c1", WEB, 40, DECIDED), state(2, null, null, null), NOW);

        assertThat(verdict)
                .isEqualTo(new Verdict.Finish(
                        Status.DRY_RUN,
                        2,
                        null,
                        "dry run: would scale from 2 to 10 (clamped from 40 to max_replicas 10)"));
    }

    @Test
    void missingWorkloadFails() {
        Verdict verdict = handler.decide(command("c1", WEB, 4, DECIDED), null, NOW);

        assertThat(((Verdict.Finish) verdict).status()).isEqualTo(Status.FAILED);
    }

    @Test
    void commandDecidedFromAnotherCountThanTheLiveOneIsStaleAndNamesBoth() {
        Verdict.Finish finish = finish(handler.decide(command("c1", WEB, 4, DECIDED), state(5, null, null, null), NOW));

        assertThat(finish.status()).isEqualTo(Status.SKIPPED_STALE);
        assertThat(finish.observedReplicas()).isEqualTo(5);
        assertThat(finish.message()).contains("decided from 2 replicas", "the workload has 5 now");
    }

    @Test
    void workloadAPersonScaledToZeroIsNotRevivedByACommandFromTheOldCount() {
        Verdict.Finish finish = finish(handler.decide(command("c1", WEB, 4, DECIDED), state(0, null, null, null), NOW));

        assertThat(finish.status()).isEqualTo(Status.SKIPPED_STALE);
        assertThat(finish.message()).contains("has 0 now");
    }

    @Test
    void commandDecidedBeforeTheWorkloadWasCreatedIsStaleEvenWhenTheCountsMatch() {
        // Deleted and recreated under the same name after the decision: the command was decided on the old workload.
        WorkloadState recreated =
                new WorkloadState(2, "7", "uid-2", null, null, List.of(), null, Map.of(), DECIDED.plusSeconds(3));

        Verdict.Finish finish = finish(handler.decide(command("c1", WEB, 4, DECIDED), recreated, NOW));

        assertThat(finish.status()).isEqualTo(Status.SKIPPED_STALE);
        assertThat(finish.observedReplicas()).isEqualTo(2);
        assertThat(finish.message())
                .contains("created at " + DECIDED.plusSeconds(3), "after the command was decided at " + DECIDED);
    }

    @Test
    void workloadCreatedInTheSecondOfTheDecisionOrBeforeIsScaled() {
        // creationTimestamp has whole seconds: a workload created in the decision's second shows that second.
        Instant decided = DECIDED.plusMillis(700);
        WorkloadState sameSecond = new WorkloadState(2, "7", "uid-1", null, null, List.of(), null, Map.of(), DECIDED);

        assertThat(handler.decide(command("c1", WEB, 4, decided), sameSecond, NOW))
                .isEqualTo(new Verdict.Apply(4, 2, ""));
    }

    @Test
    void alreadyAppliedIsRecognisedBeforeTheBaseCountIsCompared() {
        WorkloadState applied = new WorkloadState(4, "9", "uid-1", "c1", DECIDED, List.of("c1"), null, Map.of(), null);

        assertThat(handler.decide(command("c1", WEB, 4, DECIDED), applied, NOW))
                .isEqualTo(new Verdict.Finish(Status.APPLIED, 4, 4, "already applied"));
    }

    @Test
    void excludedWorkloadIsRefusedEvenWhenTheCommandIsOtherwiseValid() {
        Verdict.Finish finish = finish(handler.decide(
                command("c1", WEB, 4, DECIDED), annotated(2, Map.of(Annotations.EXCLUDE, "True ")), NOW));

        assertThat(finish.status()).isEqualTo(Status.REFUSED_EXCLUDED);
        assertThat(finish.message()).contains("scaligator.io/exclude=true");
    }

    @Test
    void excludeSetToAnythingButTrueDoesNotRefuse() {
        assertThat(handler.decide(command("c1", WEB, 4, DECIDED), annotated(2, Map.of(Annotations.EXCLUDE, "no")), NOW))
                .isInstanceOf(Verdict.Apply.class);
    }

    @Test
    void pausedWorkloadIsRefused() {
        Verdict.Finish finish = finish(
                handler.decide(command("c1", WEB, 4, DECIDED), annotated(2, Map.of(Annotations.PAUSED, "true")), NOW));

        assertThat(finish.status()).isEqualTo(Status.REFUSED_PAUSED);
        assertThat(finish.message()).contains("scaligator.io/paused=true", "stay at 2");
    }

    @Test
    void scaleUpIsCappedAtAMaxReplicasAnnotationBelowTheConfigMax() {
        Verdict verdict = handler.decide(
                command("c1", WEB, 8, DECIDED), annotated(2, Map.of(Annotations.MAX_REPLICAS, "5")), NOW);

        assertThat(verdict)
                .isEqualTo(new Verdict.Apply(5, 2, "clamped from 8 to annotation scaligator.io/max-replicas=5"));
    }

    @Test
    void maxReplicasAnnotationAboveTheConfigMaxDoesNotRaiseIt() {
        Verdict verdict = handler.decide(
                command("c1", WEB, 40, DECIDED), annotated(2, Map.of(Annotations.MAX_REPLICAS, "50")), NOW);

        assertThat(verdict).isEqualTo(new Verdict.Apply(10, 2, "clamped from 40 to max_replicas 10"));
    }

    @Test
    void scaleUpOfAWorkloadAlreadyAtTheAnnotatedMaxIsRefusedNotTurnedIntoAScaleDown() {
        Verdict.Finish finish = finish(handler.decide(
                command("c1", 6, 8, "cpu", DECIDED), annotated(6, Map.of(Annotations.MAX_REPLICAS, "4")), NOW));

        assertThat(finish.status()).isEqualTo(Status.REFUSED_OUT_OF_BOUNDS);
        assertThat(finish.message()).contains("scale-up from 6 to 8 refused", "scaligator.io/max-replicas=4");
    }

    @Test
    void scaleDownIsRaisedToTheMinReplicasAnnotation() {
        Verdict verdict = handler.decide(
                command("c1", 6, 1, "cpu", DECIDED), annotated(6, Map.of(Annotations.MIN_REPLICAS, "3")), NOW);

        assertThat(verdict)
                .isEqualTo(new Verdict.Apply(3, 6, "raised from 1 to annotation scaligator.io/min-replicas=3"));
    }

    @Test
    void scaleDownBelowTheConfigMinIsRaisedToIt() {
        assertThat(handler.decide(command("c1", 4, 0, "cpu", DECIDED), annotated(4, Map.of()), NOW))
                .isEqualTo(new Verdict.Apply(1, 4, "raised from 0 to min_replicas 1"));
    }

    @Test
    void scaleDownOfAWorkloadAtTheMinIsRefused() {
        Verdict.Finish finish = finish(handler.decide(
                command("c1", 3, 2, "cpu", DECIDED), annotated(3, Map.of(Annotations.MIN_REPLICAS, "3")), NOW));

        assertThat(finish.status()).isEqualTo(Status.REFUSED_OUT_OF_BOUNDS);
        assertThat(finish.message()).contains("scale-down from 3 to 2 refused", "min-replicas=3");
    }

    @Test
    void timeRuleMayGoBelowTheMinOnlyToADowntimeCount() {
        assertThat(handler.decide(command("c1", 3, 0, "time:dev-nights", DECIDED), annotated(3, Map.of()), NOW))
                .isEqualTo(new Verdict.Apply(0, 3, ""));
        // Not a downtime count: the rule's name alone does not lift the floor.
        assertThat(handler.decide(
                        command("c2", 3, 0, "time:dev-nights", DECIDED),
                        annotated(3, Map.of(Annotations.DOWNTIME_REPLICAS, "2")),
                        NOW))
                .isEqualTo(new Verdict.Apply(1, 3, "raised from 0 to min_replicas 1"));
        // Any other rule claiming a downtime count is floored.
        assertThat(handler.decide(command("c3", 3, 0, "cpu", DECIDED), annotated(3, Map.of()), NOW))
                .isEqualTo(new Verdict.Apply(1, 3, "raised from 0 to min_replicas 1"));
    }

    @Test
    void unreadableBoundAnnotationRefusesTheCommandNamingIt() {
        Verdict.Finish finish = finish(handler.decide(
                command("c1", WEB, 4, DECIDED), annotated(2, Map.of(Annotations.MAX_REPLICAS, "lots")), NOW));

        assertThat(finish.status()).isEqualTo(Status.REFUSED_OUT_OF_BOUNDS);
        assertThat(finish.message()).contains("scaligator.io/max-replicas=\"lots\" is not an integer >= 0");
    }

    @Test
    void commandDecidedFurtherAheadThanTheClockSkewIsRefusedWithoutReadingTheWorkload() {
        assertThat(handler.precheck(command("c1", WEB, 4, NOW.plusSeconds(30)), NOW))
                .isEmpty();

        Verdict.Finish finish = handler.precheck(
                        command("c2", WEB, 4, NOW.plusSeconds(30).plusMillis(1)), NOW)
                .orElseThrow();

        assertThat(finish.status()).isEqualTo(Status.REFUSED_FROM_FUTURE);
        assertThat(finish.message()).contains("actuator.max_clock_skew PT30S");
    }
}
