package io.scaligator.actuator.policy;

import static org.assertj.core.api.Assertions.assertThat;

import io.scaligator.common.event.ScaleCommand;
import io.scaligator.common.event.ScaleOutcome.Status;
import io.scaligator.common.target.NamespaceScope;
import io.scaligator.common.target.TargetRef;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class CommandHandlerTest {

    private static final Instant DECIDED = Instant.parse("2026-11-28T10:00:00Z");
    private static final Instant NOW = DECIDED.plusSeconds(5);
    private static final TargetRef WEB = TargetRef.deployment("apps", "web");

    private final CommandHandler handler = new CommandHandler(limits(false));

    private static CommandLimits limits(boolean dryRun) {
        return new CommandLimits(new NamespaceScope(List.of("apps", "dev"), "scaligator"), 10, Duration.ofSeconds(120), dryRun);
    }

    private static ScaleCommand command(String id, TargetRef target, int to, Instant decidedAt) {
        return new ScaleCommand(id, "d-" + id, target, 2, to, "cpu", "cpu high", decidedAt, "p1");
    }

    private static WorkloadState state(int replicas, String lastId, Instant lastDecidedAt, String autoscaler) {
        return new WorkloadState(replicas, "7", "uid-1", lastId, lastDecidedAt,
                lastId == null ? List.of() : List.of(lastId), autoscaler);
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
                .get().extracting(Verdict.Finish::status).isEqualTo(Status.REFUSED_NOT_ALLOWED);
    }

    @Test
    void ownNamespaceIsRefusedEvenIfWatched() {
        CommandHandler watchingOwn = new CommandHandler(
                new CommandLimits(new NamespaceScope(List.of("apps", "scaligator"), "scaligator"), 10, Duration.ofSeconds(120), false));

        Verdict.Finish finish = watchingOwn.precheck(command("c1", TargetRef.deployment("scaligator", "engine"), 0,
                DECIDED), NOW).orElseThrow();

        assertThat(finish.status()).isEqualTo(Status.REFUSED_NOT_ALLOWED);
        assertThat(finish.message()).contains("own namespace");
    }

    @Test
    void commandIsExpiredOnlyAfterItsTtl() {
        ScaleCommand command = command("c1", WEB, 4, DECIDED);

        assertThat(handler.precheck(command, DECIDED.plusSeconds(120))).isEmpty();
        assertThat(handler.precheck(command, DECIDED.plusSeconds(120).plusMillis(1))).get()
                .extracting(Verdict.Finish::status).isEqualTo(Status.SKIPPED_EXPIRED);
    }

    @Test
    void commandRememberedOnTheWorkloadIsAlreadyAppliedNotPatchedAgain() {
        WorkloadState applied = new WorkloadState(4, "9", "uid-1", "c2", DECIDED.plusSeconds(1), List.of("c2", "c1"),
                null);

        Verdict verdict = handler.decide(command("c1", WEB, 4, DECIDED), applied, NOW);

        assertThat(verdict).isEqualTo(new Verdict.Finish(Status.APPLIED, 4, 4, "already applied"));
    }

    @Test
    void commandDecidedBeforeOrAtTheLastAppliedOneIsStale() {
        WorkloadState applied = state(4, "c9", DECIDED, null);

        assertThat(handler.decide(command("c1", WEB, 3, DECIDED.minusMillis(1)), applied, NOW))
                .extracting(v -> ((Verdict.Finish) v).status()).isEqualTo(Status.SKIPPED_STALE);
        assertThat(handler.decide(command("c2", WEB, 3, DECIDED), applied, NOW))
                .extracting(v -> ((Verdict.Finish) v).status()).isEqualTo(Status.SKIPPED_STALE);
        assertThat(handler.decide(command("c3", WEB, 3, DECIDED.plusMillis(1)), applied, NOW))
                .isInstanceOf(Verdict.Apply.class);
    }

    @Test
    void workloadWithAnotherAutoscalerIsAConflict() {
        Verdict verdict = handler.decide(command("c1", WEB, 4, DECIDED),
                state(2, null, null, "HorizontalPodAutoscaler apps/web"), NOW);

        assertThat(verdict).isInstanceOf(Verdict.Finish.class);
        assertThat(((Verdict.Finish) verdict).status()).isEqualTo(Status.CONFLICT_WITH_HPA);
        assertThat(((Verdict.Finish) verdict).message()).contains("HorizontalPodAutoscaler apps/web");
    }

    @Test
    void dryRunDecidesEverythingButPatchesNothing() {
        CommandHandler dryRun = new CommandHandler(limits(true));

        Verdict verdict = dryRun.decide(command("c1", WEB, 40, DECIDED), state(2, null, null, null), NOW);

        assertThat(verdict).isEqualTo(new Verdict.Finish(Status.DRY_RUN, 2, null,
                "dry run: would scale from 2 to 10 (clamped from 40 to max_replicas 10)"));
    }

    @Test
    void missingWorkloadFails() {
        Verdict verdict = handler.decide(command("c1", WEB, 4, DECIDED), null, NOW);

        assertThat(((Verdict.Finish) verdict).status()).isEqualTo(Status.FAILED);
    }
}
