package io.scaligator.actuator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.scaligator.actuator.kube.ConflictException;
import io.scaligator.actuator.kube.RetriableKubeException;
import io.scaligator.actuator.kube.ScaleEvents;
import io.scaligator.actuator.kube.ScalePatch;
import io.scaligator.actuator.kube.WorkloadScaler;
import io.scaligator.actuator.policy.CommandHandler;
import io.scaligator.actuator.policy.CommandLimits;
import io.scaligator.actuator.policy.WorkloadState;
import io.scaligator.common.event.ScaleCommand;
import io.scaligator.common.event.ScaleOutcome;
import io.scaligator.common.event.ScaleOutcome.Status;
import io.scaligator.common.target.NamespaceScope;
import io.scaligator.common.target.TargetRef;
import io.scaligator.testkit.ManualClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The retry, conflict and leadership rules around a patch, on an in-memory workload and a hand-moved clock. */
class CommandApplierTest {

    private static final TargetRef WEB = TargetRef.deployment("apps", "web");
    private static final Instant START = Instant.parse("2026-11-28T10:00:00Z");

    private final ManualClock clock = new ManualClock(START);
    private final List<Duration> sleeps = new ArrayList<>();
    private final Sleeper sleeper = d -> {
        sleeps.add(d);
        clock.advance(d);
    };
    private final ScriptedScaler scaler = new ScriptedScaler();
    private final List<ScaleEvents.Reason> events = new ArrayList<>();
    private final CommandApplier applier = new CommandApplier(
            new CommandHandler(new CommandLimits(
                    new NamespaceScope(List.of("apps"), "scaligator", List.of()),
                    1,
                    10,
                    Set.of(0),
                    Duration.ofSeconds(120),
                    Duration.ofSeconds(30),
                    false)),
            scaler,
            (target, uid, reason, message) -> events.add(reason),
            clock,
            sleeper,
            Duration.ofSeconds(2));
    private final ScaleCommand command = new ScaleCommand("c1", "d1", WEB, 2, 4, "cpu", "cpu high", START, "p1");

    @Test
    void transientFailuresAreRetriedWithDoublingWaitsUntilTheDeadlineThenTheCommandFails() throws Exception {
        for (int i = 0; i < 10; i++) {
            scaler.failures.add(new RetriableKubeException("HTTP 503", null));
        }

        ScaleOutcome outcome = applier.handle(command, () -> true);

        assertThat(sleeps)
                .containsExactly(
                        Duration.ofMillis(100), Duration.ofMillis(200), Duration.ofMillis(400), Duration.ofMillis(800));
        assertThat(outcome.status()).isEqualTo(Status.FAILED);
        assertThat(outcome.message()).startsWith("gave up after apply_deadline PT2S and 5 attempts");
        assertThat(outcome.durationMillis()).isEqualTo(1500);
        assertThat(scaler.replicas).isEqualTo(2);
        assertThat(events).containsExactly(ScaleEvents.Reason.ScaleFailed);
    }

    @Test
    void transientFailureThenSuccessApplies() throws Exception {
        scaler.failures.add(new RetriableKubeException("HTTP 429", null));

        ScaleOutcome outcome = applier.handle(command, () -> true);

        assertThat(outcome.status()).isEqualTo(Status.APPLIED);
        assertThat(outcome.appliedReplicas()).isEqualTo(4);
        assertThat(scaler.replicas).isEqualTo(4);
        assertThat(events).containsExactly(ScaleEvents.Reason.ScaledUp);
    }

    @Test
    void endlessConflictsFailAfterTheBoundedAttempts() throws Exception {
        for (int i = 0; i < 10; i++) {
            scaler.failures.add(new ConflictException("HTTP 409", null));
        }

        ScaleOutcome outcome = applier.handle(command, () -> true);

        assertThat(outcome.status()).isEqualTo(Status.FAILED);
        assertThat(outcome.message()).contains("still conflicting (409) after " + CommandApplier.MAX_CONFLICTS);
        assertThat(sleeps).isEmpty();
    }

    @Test
    void lostLeadershipStopsBeforeThePatch() {
        assertThatThrownBy(() -> applier.handle(command, () -> false)).isInstanceOf(LeadershipLostException.class);
        assertThat(scaler.patches).isZero();
    }

    @Test
    void refusedCommandNeverReadsTheWorkload() throws Exception {
        ScaleCommand elsewhere =
                new ScaleCommand("c2", "d2", TargetRef.deployment("prod", "web"), 2, 4, "cpu", "cpu high", START, "p1");

        ScaleOutcome outcome = applier.handle(elsewhere, () -> true);

        assertThat(outcome.status()).isEqualTo(Status.REFUSED_NOT_ALLOWED);
        assertThat(scaler.reads).isZero();
    }

    @Test
    void aStaleVerdictFromALaggingCacheIsCheckedOnAFreshReadBeforeItStands() throws Exception {
        scaler.cachedReplicas = 3; // the cache still shows a count the API server no longer has

        ScaleOutcome outcome = applier.handle(command, () -> true);

        assertThat(outcome.status()).isEqualTo(Status.APPLIED);
        assertThat(scaler.freshReads).isEqualTo(1);
        assertThat(scaler.replicas).isEqualTo(4);
    }

    @Test
    void aStaleVerdictConfirmedByTheApiServerStands() throws Exception {
        scaler.replicas = 5;

        ScaleOutcome outcome = applier.handle(command, () -> true);

        assertThat(outcome.status()).isEqualTo(Status.SKIPPED_STALE);
        assertThat(outcome.message()).contains("decided from 2 replicas", "has 5 now");
        assertThat(scaler.freshReads).isEqualTo(1);
        assertThat(scaler.patches).isZero();
    }

    /** An in-memory workload whose patches fail as scripted, enforcing the resourceVersion like the API server. */
    private static final class ScriptedScaler implements WorkloadScaler {
        final Deque<RuntimeException> failures = new ArrayDeque<>();
        int replicas = 2;
        int version = 1;
        /** What a lagging cache shows instead of {@link #replicas}; null: the cache is current. */
        Integer cachedReplicas;

        int reads;
        int freshReads;
        int patches;
        List<String> remembered = List.of();

        @Override
        public WorkloadState read(TargetRef target) {
            reads++;
            return new WorkloadState(
                    cachedReplicas == null ? replicas : cachedReplicas,
                    Integer.toString(version),
                    "uid",
                    null,
                    null,
                    remembered,
                    null,
                    Map.of(),
                    null);
        }

        @Override
        public WorkloadState readFresh(TargetRef target) {
            freshReads++;
            return new WorkloadState(
                    replicas, Integer.toString(version), "uid", null, null, remembered, null, Map.of(), null);
        }

        @Override
        public void apply(TargetRef target, ScalePatch patch) {
            if (!failures.isEmpty()) {
                throw failures.pop();
            }
            if (!patch.resourceVersion().equals(Integer.toString(version))) {
                throw new ConflictException("stale", null);
            }
            patches++;
            version++;
            replicas = patch.replicas();
            remembered = patch.recentCommandIds();
        }
    }
}
