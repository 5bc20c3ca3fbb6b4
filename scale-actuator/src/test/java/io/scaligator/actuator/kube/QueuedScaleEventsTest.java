package io.scaligator.actuator.kube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.scaligator.actuator.kube.ScaleEvents.Reason;
import io.scaligator.common.target.TargetRef;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Events wait off the command path; repeats of a waiting workload and reason join it; the queue is bounded. */
class QueuedScaleEventsTest {

    private static final TargetRef WEB = TargetRef.deployment("apps", "web");
    private static final TargetRef API = TargetRef.deployment("apps", "api");
    private static final TargetRef DB = TargetRef.statefulSet("apps", "db");

    private record Written(TargetRef target, Reason reason, String message, int occurrences) {
    }

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
        try (QueuedScaleEvents events = new QueuedScaleEvents(sink, 10, Duration.ofSeconds(5))) {
            events.record(DB, "uid-db", Reason.ScaledUp, "New size: 2");
            assertThat(sink.firstStarted.await(10, TimeUnit.SECONDS)).isTrue(); // the writer holds db's event

            events.record(WEB, "uid-web", Reason.ScaledUp, "New size: 3");
            events.record(WEB, "uid-web", Reason.ScaledUp, "New size: 4");
            events.record(WEB, "uid-web", Reason.ScaledDown, "New size: 2");
            events.record(WEB, "uid-web", Reason.ScaledUp, "New size: 5");
            sink.release.countDown();

            await().atMost(Duration.ofSeconds(10)).until(() -> sink.written.size() == 3);
            assertThat(sink.written).containsExactly(new Written(DB, Reason.ScaledUp, "New size: 2", 1),
                    new Written(WEB, Reason.ScaledUp, "New size: 5", 3),
                    new Written(WEB, Reason.ScaledDown, "New size: 2", 1));
        }
    }

    @Test
    void beyondCapacityNewWorkloadsEventsAreDroppedAndCountedWhileWaitingOnesStillJoin() throws Exception {
        SlowSink sink = new SlowSink();
        QueuedScaleEvents events = new QueuedScaleEvents(sink, 1, Duration.ofSeconds(5));
        events.record(DB, null, Reason.ScaledUp, "held");
        assertThat(sink.firstStarted.await(10, TimeUnit.SECONDS)).isTrue();

        events.record(WEB, null, Reason.ScaledUp, "waits");
        events.record(API, null, Reason.ScaledUp, "no room");
        events.record(WEB, null, Reason.ScaledUp, "joins");
        sink.release.countDown();
        events.close();

        assertThat(events.dropped()).isEqualTo(1);
        assertThat(sink.written).containsExactly(new Written(DB, Reason.ScaledUp, "held", 1),
                new Written(WEB, Reason.ScaledUp, "joins", 2));
    }

    @Test
    void closeWritesWhatWaitsAndDropsWhatComesAfter() {
        List<Written> written = new CopyOnWriteArrayList<>();
        QueuedScaleEvents events = new QueuedScaleEvents((target, uid, reason, message, occurrences) ->
                written.add(new Written(target, reason, message, occurrences)), 10, Duration.ofSeconds(5));
        events.record(WEB, null, Reason.ScaleFailed, "boom");

        events.close();
        events.record(API, null, Reason.ScaledUp, "too late");

        assertThat(written).containsExactly(new Written(WEB, Reason.ScaleFailed, "boom", 1));
        assertThat(events.dropped()).isEqualTo(1);
    }
}
