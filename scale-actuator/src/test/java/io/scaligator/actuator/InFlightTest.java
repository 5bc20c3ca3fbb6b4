package io.scaligator.actuator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.scaligator.actuator.InFlight.Settled;
import io.scaligator.actuator.InFlight.Taken;
import io.scaligator.actuator.kube.ScalePatch;
import io.scaligator.common.event.ScaleOutcome;
import io.scaligator.common.event.ScaleOutcome.Status;
import io.scaligator.common.target.TargetRef;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/** Only each partition's settled prefix is committed, and what a crash can leave to re-deliver stays bounded. */
class InFlightTest {

    private static final TopicPartition P0 = new TopicPartition("commands", 0);
    private static final TopicPartition P1 = new TopicPartition("commands", 1);
    private static final TargetRef WEB = TargetRef.deployment("apps", "web");
    private static final TargetRef API = TargetRef.deployment("apps", "api");

    private final InFlight inFlight = new InFlight();

    @Test
    void aCommandSettledBehindOneStillRunningWaitsForItWhileOtherPartitionsCommit() throws Exception {
        CompletableFuture<ScaleOutcome> slow = new CompletableFuture<>();
        inFlight.add(new Taken(P0, 10, WEB, slow));
        inFlight.add(new Taken(P0, 11, API, done("c-11")));
        inFlight.add(new Taken(P1, 4, API, done("c-4")));

        Settled first = inFlight.takeSettled();

        assertThat(first.outcomes()).extracting(ScaleOutcome::commandId).containsExactly("c-4");
        assertThat(first.offsets()).isEqualTo(Map.of(P1, new OffsetAndMetadata(5)));
        assertThat(inFlight.size()).isEqualTo(2);

        slow.complete(outcome("c-10"));
        Settled second = inFlight.takeSettled();

        assertThat(second.outcomes()).extracting(ScaleOutcome::commandId).containsExactly("c-10", "c-11");
        assertThat(second.offsets()).isEqualTo(Map.of(P0, new OffsetAndMetadata(12)));
        assertThat(inFlight.isEmpty()).isTrue();
        assertThat(inFlight.takeSettled().isEmpty()).isTrue();
    }

    @Test
    void anUnreadableRecordIsCommittedWithoutAnOutcome() throws Exception {
        inFlight.add(new Taken(P0, 7, null, null));
        inFlight.add(new Taken(P0, 8, WEB, done("c-8")));

        Settled settled = inFlight.takeSettled();

        assertThat(settled.outcomes()).extracting(ScaleOutcome::commandId).containsExactly("c-8");
        assertThat(settled.offsets()).isEqualTo(Map.of(P0, new OffsetAndMetadata(9)));
    }

    @Test
    void aCommandLeftUnsettledStopsItsPartitionForTheNextLeader() throws Exception {
        inFlight.add(new Taken(P0, 1, WEB, done("c-1")));
        inFlight.add(new Taken(P0, 2, WEB, CompletableFuture.completedFuture(null)));
        inFlight.add(new Taken(P0, 3, API, done("c-3")));

        Settled settled = inFlight.takeSettled();

        assertThat(settled.outcomes()).extracting(ScaleOutcome::commandId).containsExactly("c-1");
        assertThat(settled.offsets()).isEqualTo(Map.of(P0, new OffsetAndMetadata(2)));
        assertThat(inFlight.size()).isEqualTo(2);
    }

    @Test
    void aWorkloadTakesNoMoreCommandsThanItRemembersUntilSomeAreCommitted() throws Exception {
        CompletableFuture<ScaleOutcome> first = new CompletableFuture<>();
        inFlight.add(new Taken(P0, 0, WEB, first));
        for (int i = 1; i < ScalePatch.REMEMBERED_COMMANDS; i++) {
            inFlight.add(new Taken(P0, i, WEB, done("c-" + i)));
        }

        assertThat(inFlight.admits(WEB)).isFalse();
        assertThat(inFlight.admits(API)).isTrue();
        assertThat(inFlight.admits(null)).isTrue();

        inFlight.takeSettled(); // nothing: the first is still running
        assertThat(inFlight.admits(WEB)).isFalse();
        first.complete(outcome("c-0"));
        inFlight.takeSettled();
        assertThat(inFlight.admits(WEB)).isTrue();
    }

    @Test
    void noMoreThanTheLimitIsTakenAtOnce() {
        for (int i = 0; i < InFlight.LIMIT; i++) {
            inFlight.add(new Taken(P0, i, TargetRef.deployment("apps", "w" + i), new CompletableFuture<>()));
        }

        assertThat(inFlight.admits(API)).isFalse();
        assertThat(inFlight.admits(null)).isFalse();
    }

    @Test
    void aLaneThatFailedUnexpectedlyFailsTheCommitOfItsTurn() {
        inFlight.add(new Taken(P0, 0, WEB, CompletableFuture.failedFuture(new IllegalStateException("bug"))));

        assertThatThrownBy(inFlight::takeSettled)
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("bug");
    }

    private static CompletableFuture<ScaleOutcome> done(String commandId) {
        return CompletableFuture.completedFuture(outcome(commandId));
    }

    private static ScaleOutcome outcome(String commandId) {
        return new ScaleOutcome(
                ScaleOutcome.idFor(commandId),
                commandId,
                WEB,
                Status.APPLIED,
                1,
                2,
                2,
                "scaled from 1 to 2",
                Instant.parse("2026-12-03T10:00:00Z"),
                3);
    }
}
