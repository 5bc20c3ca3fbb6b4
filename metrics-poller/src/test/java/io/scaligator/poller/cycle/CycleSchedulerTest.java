package io.scaligator.poller.cycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.scaligator.common.event.Observation;
import io.scaligator.common.ops.HealthCheck;
import io.scaligator.common.target.TargetRef;
import io.scaligator.poller.core.ClusterSnapshot;
import io.scaligator.poller.core.ClusterView;
import io.scaligator.poller.core.TargetState;
import io.scaligator.poller.kafka.ObservationPublisher;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class CycleSchedulerTest {

    @Test
    void aCycleWithinItsIntervalIsFollowedByTheNextTick() {
        assertThat(CycleScheduler.next(1_000, 1_400, 1_000)).isEqualTo(new CycleScheduler.Next(2_000, 0));
    }

    @Test
    void aCycleEndingExactlyOnTheNextTickSkipsNothing() {
        assertThat(CycleScheduler.next(1_000, 2_000, 1_000)).isEqualTo(new CycleScheduler.Next(2_000, 0));
    }

    @Test
    void anOverrunningCycleSkipsTheMissedTicksInsteadOfQueueingThem() {
        assertThat(CycleScheduler.next(1_000, 3_500, 1_000)).isEqualTo(new CycleScheduler.Next(4_000, 2));
    }

    @Test
    void aPollerElectedBetweenTwoTicksObservesAtOnceInsteadOfAtItsNextTick() {
        TargetRef web = TargetRef.deployment("shop", "web");
        AtomicBoolean leading = new AtomicBoolean();
        List<Observation> published = new CopyOnWriteArrayList<>();
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        PollerMetrics metrics = new PollerMetrics(registry);
        PollCycle cycle = new PollCycle(
                Clock.systemUTC(),
                new ClusterView() {
                    @Override
                    public ClusterSnapshot snapshot() {
                        return new ClusterSnapshot(
                                List.of(new TargetState(web, 1, 1, Map.of(), null)), (ns, pod) -> null);
                    }

                    @Override
                    public HealthCheck.Status syncStatus() {
                        return HealthCheck.Status.ready("synced");
                    }

                    @Override
                    public void close() {}
                },
                (query, time) -> CompletableFuture.failedFuture(new AssertionError("no rules, no queries")),
                List.of(),
                new ObservationPublisher() {
                    @Override
                    public void publish(List<Observation> observations) {
                        published.addAll(observations);
                    }

                    @Override
                    public void close() {}
                },
                metrics,
                new PrometheusHealth(),
                leading::get,
                Duration.ofMinutes(2));
        // An hour between ticks: only the election can make this test's second cycle run.
        try (CycleScheduler scheduler = new CycleScheduler(Duration.ofHours(1), metrics, System::nanoTime)) {
            scheduler.start(cycle);
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> registry.find("scaligator.poller.cycles")
                                    .tag("result", "standby")
                                    .counter()
                            != null);
            assertThat(published).isEmpty();

            leading.set(true);
            scheduler.startedLeading();

            await().atMost(Duration.ofSeconds(10)).until(() -> !published.isEmpty());
            assertThat(published).extracting(Observation::target).containsExactly(web);
        }
    }
}
