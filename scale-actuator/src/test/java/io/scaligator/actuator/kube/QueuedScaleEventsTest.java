package io.scaligator.actuator.kube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.scaligator.actuator.kube.ScaleEvents.Reason;
import io.scaligator.common.target.TargetRef;
import io.scaligator.testkit.ManualClock;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Events wait off the command path; repeats of a waiting workload and reason join it; each workload and reason
 * keeps to its write budget; the queue is bounded.
 */
class QueuedScaleEventsTest {

    private static final TargetRef WEB = TargetRef.deployment("apps", "web");
    private static final TargetRef API = TargetRef.deployment("apps", "api");
    private static final TargetRef DB = TargetRef.statefulSet("apps", "db");

    private record Written(TargetRef target, Reason reason, String message, int occurrences) {}

    /** A sink that records what it is asked to write; it can be held until released, like a slow API server. */
    private static final class SlowSink implements EventSink {
        final List<Written> written = new CopyOnWriteArrayList<>();
        final CountDownLatch release = new CountDownLatch(1);
        final CountDownLatch firstStarted = new CountDownLatch(1);

        @Override
        public void write(TargetRef target, String uid, Reason reason, String message, int occurrences) {
            firstStarted.countDown();
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            written.add(new Written(target, reason, message, occurrences));
        }
    }

    @Test
    void repeatsThatArriveWhileTheApiServerIsSlowBecomeOneWriteWithTheirCountAndTheLatestMessage() throws Exception {
        SlowSink sink = new SlowSink();
        try (QueuedScaleEvents events = new QueuedScaleEvents(sink, 10, Clock.systemUTC(), Duration.ofSeconds(5))) {
            events.record(DB, "uid-db", Reason.ScaledUp, "New size: 2");
            assertThat(sink.firstStarted.await(10, TimeUnit.SECONDS)).isTrue(); // the writer holds db's event

            events.record(WEB, "uid-web", Reason.ScaledUp, "New size: 3");
            events.record(WEB, "uid-web", Reason.ScaledUp, "New size: 4");
            events.record(WEB, "uid-web", Reason.ScaledDown, "New size: 2");
            events.record(WEB, "uid-web", Reason.ScaledUp, "New size: 5");
            sink.release.countDown();

            await().atMost(Duration.ofSeconds(10)).until(() -> sink.written.size() == 3);
            assertThat(sink.written)
                    .containsExactly(
                            new Written(DB, Reason.ScaledUp, "New size: 2", 1),
                            new Written(WEB, Reason.ScaledUp, "New size: 5", 3),
                            new Written(WEB, Reason.ScaledDown, "New size: 2", 1));
        }
    }

    @Test
    void anEventOfAWorkloadCreatedAgainUnderItsNameDoesNotJoinTheWaitingOneOfTheWorkloadBefore() throws Exception {
        SlowSink sink = new SlowSink();
        List<String> uids = new CopyOnWriteArrayList<>();
        EventSink recording = (target, uid, reason, message, occurrences) -> {
            uids.add(uid);
            sink.write(target, uid, reason, message, occurrences);
        };
        QueuedScaleEvents events = new QueuedScaleEvents(recording, 10, Clock.systemUTC(), Duration.ofSeconds(5));
        events.record(DB, "uid-db", Reason.ScaledUp, "New size: 2");
        assertThat(sink.firstStarted.await(10, TimeUnit.SECONDS)).isTrue(); // the writer holds db's event

        events.record(WEB, "uid-old", Reason.ScaledUp, "New size: 3");
        events.record(WEB, "uid-new", Reason.ScaledUp, "New size: 4"); // kubectl delete + apply meanwhile
        sink.release.countDown();
        events.close(); // writes what waits

        assertThat(sink.written)
                .containsExactly(
                        new Written(DB, Reason.ScaledUp, "New size: 2", 1),
                        new Written(WEB, Reason.ScaledUp, "New size: 3", 1),
                        new Written(WEB, Reason.ScaledUp, "New size: 4", 1));
        assertThat(uids).containsExactly("uid-db", "uid-old", "uid-new");
    }

    @Test
    void beyondCapacityNewWorkloadsEventsAreDroppedAndCountedWhileWaitingOnesStillJoin() throws Exception {
        SlowSink sink = new SlowSink();
        QueuedScaleEvents events = new QueuedScaleEvents(sink, 1, Clock.systemUTC(), Duration.ofSeconds(5));
        events.record(DB, null, Reason.ScaledUp, "held");
        assertThat(sink.firstStarted.await(10, TimeUnit.SECONDS)).isTrue();

        events.record(WEB, null, Reason.ScaledUp, "waits");
        events.record(API, null, Reason.ScaledUp, "no room");
        events.record(WEB, null, Reason.ScaledUp, "joins");
        sink.release.countDown();
        events.close();

        assertThat(events.dropped()).isEqualTo(1);
        assertThat(sink.written)
                .containsExactly(
                        new Written(DB, Reason.ScaledUp, "held", 1), new Written(WEB, Reason.ScaledUp, "joins", 2));
    }

    @Test
    void closeWritesWhatWaitsAndDropsWhatComesAfter() {
        List<Written> written = new CopyOnWriteArrayList<>();
        QueuedScaleEvents events = new QueuedScaleEvents(
                (target, uid, reason, message, occurrences) ->
                        written.add(new Written(target, reason, message, occurrences)),
                10,
                Clock.systemUTC(),
                Duration.ofSeconds(5));
        events.record(WEB, null, Reason.ScaleFailed, "boom");

        events.close();
        events.record(API, null, Reason.ScaledUp, "too late");

        assertThat(written).containsExactly(new Written(WEB, Reason.ScaleFailed, "boom", 1));
        assertThat(events.dropped()).isEqualTo(1);
    }

    @Test
    void anEventOverItsBudgetWaitsGatheringItsRepeatsWhileOthersAreWrittenThenGoesWhenItsTokenIs() {
        ManualClock clock = new ManualClock(Instant.parse("2026-11-28T12:00:00Z"));
        List<Written> written = new CopyOnWriteArrayList<>();
        try (QueuedScaleEvents events = new QueuedScaleEvents(
                (target, uid, reason, message, occurrences) ->
                        written.add(new Written(target, reason, message, occurrences)),
                10,
                new EventBudget<>(1, Duration.ofMinutes(1), 10),
                clock,
                Duration.ofSeconds(5))) {
            events.record(WEB, null, Reason.ScaledUp, "New size: 3");
            await().atMost(Duration.ofSeconds(10)).until(() -> written.size() == 1);

            events.record(WEB, null, Reason.ScaledUp, "New size: 4");
            events.record(WEB, null, Reason.ScaledUp, "New size: 5");
            events.record(API, null, Reason.ScaledUp, "New size: 2");
            await().atMost(Duration.ofSeconds(10)).until(() -> written.size() == 2);
            assertThat(written)
                    .containsExactly(
                            new Written(WEB, Reason.ScaledUp, "New size: 3", 1),
                            new Written(API, Reason.ScaledUp, "New size: 2", 1));

            clock.advance(Duration.ofMinutes(1));
            events.record(DB, null, Reason.ScaledUp, "New size: 1"); // wakes the writer, as its timed wait would
            await().atMost(Duration.ofSeconds(10)).until(() -> written.size() == 4);
            assertThat(written.subList(2, 4))
                    .containsExactly(
                            new Written(WEB, Reason.ScaledUp, "New size: 5", 2),
                            new Written(DB, Reason.ScaledUp, "New size: 1", 1));
        }
    }

    @Test
    void closeWritesAnEventStillWaitingForItsBudgetSoItsCountIsNotLost() {
        List<Written> written = new CopyOnWriteArrayList<>();
        QueuedScaleEvents events = new QueuedScaleEvents(
                (target, uid, reason, message, occurrences) ->
                        written.add(new Written(target, reason, message, occurrences)),
                10,
                new EventBudget<>(1, Duration.ofHours(1), 10),
                Clock.systemUTC(),
                Duration.ofSeconds(5));
        events.record(WEB, null, Reason.ScaledDown, "New size: 1");
        await().atMost(Duration.ofSeconds(10)).until(() -> written.size() == 1);
        events.record(WEB, null, Reason.ScaledDown, "New size: 0");

        events.close();

        assertThat(written)
                .containsExactly(
                        new Written(WEB, Reason.ScaledDown, "New size: 1", 1),
                        new Written(WEB, Reason.ScaledDown, "New size: 0", 1));
    }
}
