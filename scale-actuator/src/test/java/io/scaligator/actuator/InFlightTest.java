package io.scaligator.actuator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.scaligator.actuator.InFlight.Settled;
import io.scaligator.actuator.kube.ScalePatch;
import io.scaligator.common.event.ScaleCommand;
import io.scaligator.common.event.ScaleOutcome;
import io.scaligator.common.event.ScaleOutcome.Status;
import io.scaligator.common.target.TargetRef;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/**
 * Only each partition's settled prefix is committed, and what a crash can leave to re-deliver stays bounded
 * without one workload or one partition holding up another.
 */
class InFlightTest {

    private static final TopicPartition P0 = new TopicPartition("commands", 0);
    private static final TopicPartition P1 = new TopicPartition("commands", 1);
    private static final TargetRef WEB = TargetRef.deployment("apps", "web");
    private static final TargetRef API = TargetRef.deployment("apps", "api");
    private static final Instant AT = Instant.parse("2026-12-03T10:00:00Z");

    /** The commands started, by id, each with the outcome the test completes. */
    private final Map<String, CompletableFuture<ScaleOutcome>> started = new LinkedHashMap<>();

    private final Map<String, TargetRef> targets = new LinkedHashMap<>();

    private final InFlight inFlight = new InFlight(command -> {
        CompletableFuture<ScaleOutcome> outcome = new CompletableFuture<>();
        started.put(command.id(), outcome);
        targets.put(command.id(), command.target());
        return outcome;
    });

    @Test
    void aCommandSettledBehindOneStillRunningWaitsForItWhileOtherPartitionsCommit() throws Exception {
        inFlight.take(P0, 10, command("c-10", WEB));
        inFlight.take(P0, 11, command("c-11", API));
        inFlight.take(P1, 4, command("c-4", API));
        settle("c-11", "c-4");

        Settled first = commit();

        assertThat(first.outcomes()).extracting(ScaleOutcome::commandId).containsExactly("c-4");
        assertThat(first.offsets()).isEqualTo(Map.of(P1, new OffsetAndMetadata(5)));
        assertThat(inFlight.size()).isEqualTo(2);

        settle("c-10");
        Settled second = commit();

        assertThat(second.outcomes()).extracting(ScaleOutcome::commandId).containsExactly("c-10", "c-11");
        assertThat(second.offsets()).isEqualTo(Map.of(P0, new OffsetAndMetadata(12)));
        assertThat(inFlight.isEmpty()).isTrue();
        assertThat(inFlight.takeSettled().isEmpty()).isTrue();
    }

    @Test
    void anUnreadableRecordIsCommittedWithoutAnOutcome() throws Exception {
        inFlight.take(P0, 7, null);
        inFlight.take(P0, 8, command("c-8", WEB));
        settle("c-8");

        Settled settled = commit();

        assertThat(settled.outcomes()).extracting(ScaleOutcome::commandId).containsExactly("c-8");
        assertThat(settled.offsets()).isEqualTo(Map.of(P0, new OffsetAndMetadata(9)));
    }

    @Test
    void aCommandLeftUnsettledStopsItsPartitionForTheNextLeader() throws Exception {
        inFlight.take(P0, 1, command("c-1", WEB));
        inFlight.take(P0, 2, command("c-2", WEB));
        inFlight.take(P0, 3, command("c-3", API));
        settle("c-1", "c-3");
        started.get("c-2").complete(null); // leadership lost before its patch

        Settled settled = commit();

        assertThat(settled.outcomes()).extracting(ScaleOutcome::commandId).containsExactly("c-1");
        assertThat(settled.offsets()).isEqualTo(Map.of(P0, new OffsetAndMetadata(2)));
        assertThat(inFlight.size()).isEqualTo(2);
    }

    @Test
    void aWorkloadStartsNoMoreCommandsThanItRemembersUntilSomeAreCommittedWhileOthersGoOn() throws Exception {
        inFlight.take(P0, 0, command("slow", API)); // holds P0's prefix: nothing behind it can be committed
        int bound = ScalePatch.REMEMBERED_COMMANDS;
        for (int i = 1; i <= bound + 2; i++) {
            inFlight.take(P0, i, command("web-" + i, WEB));
        }
        inFlight.take(P0, bound + 3, command("other", TargetRef.deployment("apps", "other")));
        started.keySet().stream().filter(id -> id.startsWith("web-")).forEach(this::settle);

        assertThat(started.keySet()).hasSize(bound + 2).contains("slow", "web-" + bound, "other");
        assertThat(started.keySet()).doesNotContain("web-" + (bound + 1), "web-" + (bound + 2)); // parked
        assertThat(inFlight.hasRoom(P0)).isTrue();
        assertThat(commit().isEmpty()).isTrue();

        settle("slow");
        Settled settled = commit();

        // the first 20 of web and slow are committed; web's parked two start now, other waits behind them
        assertThat(settled.outcomes()).hasSize(bound + 1);
        assertThat(started.keySet()).contains("web-" + (bound + 1), "web-" + (bound + 2));
        assertThat(settled.offsets()).isEqualTo(Map.of(P0, new OffsetAndMetadata(bound + 1)));
    }

    @Test
    void aPartitionAtItsBoundHasNoRoomWhileAnotherHas() {
        for (int i = 0; i < InFlight.PARTITION_LIMIT; i++) {
            inFlight.take(P0, i, command("c-" + i, TargetRef.deployment("apps", "w" + i)));
        }

        assertThat(inFlight.hasRoom(P0)).isFalse();
        assertThat(inFlight.hasRoom(P1)).isTrue();
    }

    @Test
    void waitingForTheStartedCommandsDoesNotWaitForParkedOnes() throws Exception {
        for (int i = 0; i <= ScalePatch.REMEMBERED_COMMANDS; i++) {
            inFlight.take(P0, i, command("web-" + i, WEB));
        }
        started.keySet().forEach(this::settle);

        inFlight.awaitStarted(); // returns: the 21st never started, nothing waits for it

        assertThat(started).hasSize(ScalePatch.REMEMBERED_COMMANDS);
    }

    @Test
    void aLaneThatFailedFailsTheCommitOfItsTurn() {
        inFlight.take(P0, 0, command("c-0", WEB));
        started.get("c-0").completeExceptionally(new IllegalStateException("bug"));

        assertThatThrownBy(inFlight::takeSettled)
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("bug");
    }

    private Settled commit() throws InterruptedException {
        Settled settled = inFlight.takeSettled();
        inFlight.committed(settled);
        return settled;
    }

    private void settle(String... ids) {
        for (String id : ids) {
            started.get(id).complete(outcome(id, targets.get(id)));
        }
    }

    private static ScaleCommand command(String id, TargetRef target) {
        return new ScaleCommand(id, "d-" + id, target, 1, 2, "cpu", "cpu high", AT, "p1");
    }

    private static ScaleOutcome outcome(String commandId, TargetRef target) {
        return new ScaleOutcome(
                ScaleOutcome.idFor(commandId), commandId, target, Status.APPLIED, 1, 2, 2, "scaled from 1 to 2", AT, 3);
    }
}
