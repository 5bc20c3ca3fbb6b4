package io.scaligator.poller.cycle;

import static io.scaligator.poller.StubPrometheus.series;
import static io.scaligator.poller.StubPrometheus.vector;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.scaligator.common.config.MetricRule;
import io.scaligator.common.event.MetricSample;
import io.scaligator.common.event.Observation;
import io.scaligator.common.kafka.PublishException;
import io.scaligator.common.ops.HealthCheck;
import io.scaligator.common.target.TargetRef;
import io.scaligator.poller.StubPrometheus;
import io.scaligator.poller.core.ClusterSnapshot;
import io.scaligator.poller.core.ClusterView;
import io.scaligator.poller.core.ObservationFactory;
import io.scaligator.poller.core.TargetState;
import io.scaligator.poller.kafka.ObservationPublisher;
import io.scaligator.poller.prometheus.HttpPrometheusClient;
import io.scaligator.testkit.ManualClock;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Prometheus faults as the engine sees them: observations with explicit missing markers, never invented values. */
class PollCycleTest {

    private static final Instant NOW = Instant.parse("2026-01-05T10:15:30.250Z");
    /** Twice the default failover time: reconcile_interval 30 s + poller.lease_duration 15 s + retry_period 2 s. */
    private static final Duration STANDBY_MEMORY = Duration.ofSeconds(2 * (30 + 15 + 2));

    private static final TargetRef WEB = TargetRef.deployment("shop", "web");
    private static final TargetRef DB = TargetRef.statefulSet("shop", "db");
    private static final MetricRule CPU = new MetricRule(
            "cpu", "cpu_query", MetricRule.MetricKind.UTILIZATION, MetricRule.Mode.THRESHOLD, null, 0.7, 0.2, 1);
    private static final MetricRule QUEUE = new MetricRule(
            "queue", "queue_query", MetricRule.MetricKind.VALUE, MetricRule.Mode.PROPORTIONAL, 100.0, null, null, 1);

    private final StubPrometheus stub = StubPrometheus.start();
    private final List<Observation> published = new ArrayList<>();
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final PrometheusHealth health = new PrometheusHealth();
    private final PollCycle cycle = cycle(Duration.ofSeconds(10));

    /** A cycle whose queries time out after {@code timeout}: generous, so only a hanging stub ever times out. */
    private PollCycle cycle(Duration timeout) {
        return new PollCycle(
                Clock.fixed(NOW, ZoneOffset.UTC),
                new FixedCluster(),
                new HttpPrometheusClient(HttpClient.newHttpClient(), stub.url(), timeout),
                List.of(CPU, QUEUE),
                new CapturingPublisher(),
                new PollerMetrics(registry),
                health,
                () -> leading.poll() != Boolean.FALSE,
                STANDBY_MEMORY);
    }

    private static final TargetState WEB_STATE =
            new TargetState(WEB, 3, 2, Map.of("scaligator.io/max-replicas", "5"), null);
    private static final TargetState DB_STATE = new TargetState(DB, 1, 1, Map.of(), "HorizontalPodAutoscaler/db");

    /** The cluster's targets, two unless a test changes them; pods web-x and db-0 belong to them. */
    private volatile List<TargetState> targets = List.of(WEB_STATE, DB_STATE);
    /**
     * What this poller's leadership checks answer, one element per check (a cycle checks at its start and before it
     * publishes); leading once empty.
     */
    private final Queue<Boolean> leading = new ConcurrentLinkedQueue<>();
    /** Set to make the next publish fail, as an unavailable Kafka does. */
    private volatile boolean kafkaDown;

    private final class FixedCluster implements ClusterView {
        @Override
        public ClusterSnapshot snapshot() {
            return new ClusterSnapshot(
                    targets, (ns, pod) -> pod.equals("web-x") ? WEB : pod.equals("db-0") ? DB : null);
        }

        @Override
        public HealthCheck.Status syncStatus() {
            return HealthCheck.Status.ready("synced");
        }

        @Override
        public void close() {}
    }

    private final class CapturingPublisher implements ObservationPublisher {
        @Override
        public void publish(List<Observation> observations) {
            if (kafkaDown) {
                throw new PublishException("kafka unavailable", null);
            }
            published.addAll(observations);
        }

        @Override
        public void close() {}
    }

    @AfterEach
    void stop() {
        stub.close();
    }

    private Observation of(TargetRef target) {
        return published.stream()
                .filter(o -> o.target().equals(target))
                .findFirst()
                .orElseThrow();
    }

    private static String both() {
        return vector(series(Map.of("namespace", "shop", "pod", "web-x"), "0.5") + ","
                + series(Map.of("namespace", "shop", "pod", "db-0"), "0.75"));
    }

    @Test
    void oneQueryPerRuleAndOneObservationPerTargetCarryingItsState() {
        stub.answer(q -> new StubPrometheus.Answer(200, both()));

        cycle.run();

        assertThat(stub.queries()).isEqualTo(2);
        assertThat(stub.forms()).extracting(f -> f.get("time")).containsOnly("1767608130.250");
        assertThat(published).hasSize(2);
        Observation web = of(WEB);
        assertThat(web.observedAt()).isEqualTo(NOW);
        assertThat(web.specReplicas()).isEqualTo(3);
        assertThat(web.readyReplicas()).isEqualTo(2);
        assertThat(web.annotations()).isEqualTo(Map.of("scaligator.io/max-replicas", "5"));
        assertThat(web.metrics()).containsExactly(MetricSample.present("cpu", 0.5), MetricSample.present("queue", 0.5));
        assertThat(web.otherAutoscaler()).isNull();
        assertThat(of(DB).otherAutoscaler()).isEqualTo("HorizontalPodAutoscaler/db");
        assertThat(health.check().ready()).isTrue();
    }

    @Test
    void observationIdsAreDeterministicPerTargetAndTime() {
        cycle.run();
        cycle.run();

        assertThat(published).hasSize(4);
        assertThat(published.get(0).id())
                .isEqualTo(published.get(2).id())
                .isNotEqualTo(published.get(1).id());
    }

    @Test
    void aTimeoutOfOneRuleMarksItMissingForEveryTargetWhileTheOtherRuleStillCounts() {
        stub.answer(q -> q.equals("cpu_query")
                ? new StubPrometheus.Answer(503, "overloaded")
                : new StubPrometheus.Answer(200, both()));

        cycle.run();

        assertThat(of(WEB).metrics())
                .containsExactly(
                        MetricSample.missing("cpu", "prometheus answered HTTP 503: overloaded"),
                        MetricSample.present("queue", 0.5));
        assertThat(of(DB).metrics().get(0).hasValue()).isFalse();
        assertThat(health.check())
                .isEqualTo(HealthCheck.Status.notReady("cpu: prometheus answered HTTP 503: overloaded"));
        assertThat(registry.get("scaligator.poller.queries")
                        .tags("rule", "cpu", "result", "http_5xx")
                        .counter()
                        .count())
                .isEqualTo(1);
        assertThat(registry.get("scaligator.poller.missing.values")
                        .tags("rule", "cpu", "reason", "http_5xx")
                        .counter()
                        .count())
                .isEqualTo(2);
    }

    @Test
    void aPrometheusThatNeverAnswersGivesATimeoutMarkerAndTheCycleStillCompletes() {
        stub.hang();

        cycle(Duration.ofMillis(300)).run();

        assertThat(published).hasSize(2).allSatisfy(o -> assertThat(o.metrics())
                .extracting(MetricSample::missingReason)
                .containsOnly("prometheus query timed out after 300 ms"));
        assertThat(health.check().detail()).contains("timed out");
    }

    @Test
    void aClientErrorAStatusErrorAndGarbageEachBecomeMissingMarkers() {
        stub.answer(q -> q.equals("cpu_query")
                ? new StubPrometheus.Answer(
                        422, "{\"status\":\"error\",\"errorType\":\"execution\",\"error\":\"boom\"}")
                : new StubPrometheus.Answer(200, "not json"));

        cycle.run();

        assertThat(of(WEB).metrics().get(0))
                .isEqualTo(MetricSample.missing(
                        "cpu", "prometheus answered HTTP 422: prometheus query error execution: boom"));
        assertThat(of(WEB).metrics().get(1).missingReason())
                .startsWith("prometheus response is not a query API answer");
    }

    @Test
    void nanInfEmptyAndPartialVectorsBecomeMissingMarkersForTheAffectedTargets() {
        stub.answer(q -> q.equals("cpu_query")
                ? new StubPrometheus.Answer(
                        200,
                        vector(series(Map.of("namespace", "shop", "pod", "web-x"), "NaN") + ","
                                + series(Map.of("namespace", "shop", "pod", "db-0"), "+Inf")))
                : new StubPrometheus.Answer(200, vector(series(Map.of("namespace", "shop", "pod", "web-x"), "12"))));

        cycle.run();

        assertThat(of(WEB).metrics().get(0).missingReason()).startsWith("non-finite value NaN");
        assertThat(of(DB).metrics().get(0).missingReason()).startsWith("non-finite value +Inf");
        assertThat(of(WEB).metrics().get(1)).isEqualTo(MetricSample.present("queue", 12.0));
        assertThat(of(DB).metrics().get(1)).isEqualTo(MetricSample.missing("queue", "no series for target"));

        published.clear();
        stub.answer(200, vector(""));
        cycle.run();
        assertThat(published).allSatisfy(o -> assertThat(o.metrics())
                .extracting(MetricSample::missingReason)
                .containsOnly("no data: the query returned an empty vector"));
    }

    @Test
    void seriesSummingToInfinityMarkOnlyTheirTargetMissingAndTheCycleCompletes() {
        stub.answer(q -> new StubPrometheus.Answer(
                200,
                vector(series(Map.of("namespace", "shop", "pod", "web-x"), "1e308") + ","
                        + series(Map.of("namespace", "shop", "workload", "web"), "1e308") + ","
                        + series(Map.of("namespace", "shop", "pod", "db-0"), "-3"))));

        PollCycle.Report report = cycle.run();

        assertThat(report.targets()).isEqualTo(2);
        assertThat(of(WEB).metrics().get(1).missingReason()).startsWith("non-finite value +Inf: the sum of 2 series");
        assertThat(of(DB).metrics().get(1).missingReason()).startsWith("negative value -3.0");
        assertThat(registry.get("scaligator.poller.missing.values")
                        .tags("rule", "queue", "reason", "negative")
                        .counter()
                        .count())
                .isEqualTo(1);
    }

    @Test
    void aWorkloadGoneFromTheListingGetsOneDeletedObservation() {
        cycle.run();
        published.clear();
        targets = List.of(WEB_STATE);

        PollCycle.Report report = cycle.run();

        assertThat(report.deleted()).isEqualTo(1);
        assertThat(published).hasSize(2);
        Observation gone = of(DB);
        assertThat(gone.deleted()).isTrue();
        assertThat(gone.observedAt()).isEqualTo(NOW);
        assertThat(gone).isEqualTo(ObservationFactory.deleted(DB, NOW));
        assertThat(of(WEB).deleted()).isFalse();

        published.clear();
        cycle.run();
        assertThat(published).extracting(Observation::target).containsExactly(WEB);
    }

    @Test
    void aDeletionWhosePublishFailedIsReportedAgainByTheNextCycle() {
        cycle.run();
        targets = List.of(WEB_STATE);
        kafkaDown = true;
        assertThatThrownBy(cycle::run).isInstanceOf(PublishException.class);
        kafkaDown = false;
        published.clear();

        cycle.run();

        assertThat(of(DB).deleted()).isTrue();
    }

    @Test
    void anExcludedWorkloadIsStillObservedWithItsAnnotationsButNoMetrics() {
        stub.answer(q -> new StubPrometheus.Answer(200, both()));
        targets = List.of(WEB_STATE, new TargetState(DB, 1, 1, Map.of("scaligator.io/exclude", "true"), null));

        cycle.run();

        Observation excluded = of(DB);
        assertThat(excluded.deleted()).isFalse();
        assertThat(excluded.annotations()).containsEntry("scaligator.io/exclude", "true");
        assertThat(excluded.metrics()).isEmpty();
        assertThat(of(WEB).metrics()).hasSize(2);
    }

    @Test
    void aStandbyQueriesAndPublishesNothing() {
        leading.add(false);

        PollCycle.Report report = cycle.run();

        assertThat(report.published()).isFalse();
        assertThat(report.targets()).isEqualTo(2);
        assertThat(stub.queries()).isZero();
        assertThat(published).isEmpty();
    }

    @Test
    void aLeaderThatLostTheLeaseWhileObservingPublishesNothing() {
        leading.addAll(List.of(true, false));

        PollCycle.Report report = cycle.run();

        assertThat(stub.queries()).isEqualTo(2);
        assertThat(report.published()).isFalse();
        assertThat(published).isEmpty();
    }

    @Test
    void onceElectedAStandbyReportsAWorkloadDeletedSinceItsLastStandbyCycle() {
        leading.add(false);
        cycle.run();
        targets = List.of(WEB_STATE);

        PollCycle.Report report = cycle.run();

        assertThat(report.published()).isTrue();
        assertThat(report.deleted()).isEqualTo(1);
        assertThat(of(DB).deleted()).isTrue();
    }

    @Test
    void onceElectedAStandbyReportsAWorkloadDeletedAfterTheOldLeadersLastCycleThoughItsOwnLastCycleNoLongerSawIt() {
        // The old leader published DB at its last cycle; DB is deleted; the standby's next snapshot no longer holds
        // it; the old leader dies before its next cycle. The standby, elected, is the only one left to report it.
        leading.add(false);
        cycle.run();
        targets = List.of(WEB_STATE);
        leading.add(false);
        cycle.run();

        PollCycle.Report report = cycle.run();

        assertThat(report.published()).isTrue();
        assertThat(report.deleted()).isEqualTo(1);
        assertThat(of(DB).deleted()).isTrue();
        published.clear();
        assertThat(cycle.run().deleted()).as("reported once").isZero();
    }

    @Test
    void aDeletionALeaderDroppedWithTheCycleItLostTheLeaseInIsReportedOnceItLeadsAgain() {
        cycle.run();
        targets = List.of(WEB_STATE);
        leading.addAll(List.of(true, false));
        assertThat(cycle.run().published()).isFalse();
        published.clear();

        PollCycle.Report report = cycle.run();

        assertThat(report.deleted()).isEqualTo(1);
        assertThat(of(DB).deleted()).isTrue();
    }

    @Test
    void aStandbyForgetsWhatItSawLongerAgoThanAFailoverTakes() {
        ManualClock clock = new ManualClock(NOW);
        PollCycle remembering = new PollCycle(
                clock,
                new FixedCluster(),
                new HttpPrometheusClient(HttpClient.newHttpClient(), stub.url(), Duration.ofSeconds(10)),
                List.of(CPU, QUEUE),
                new CapturingPublisher(),
                new PollerMetrics(registry),
                health,
                () -> leading.poll() != Boolean.FALSE,
                Duration.ofMinutes(2));
        leading.add(false);
        remembering.run(); // saw DB
        targets = List.of(WEB_STATE);
        leading.add(false);
        remembering.run(); // DB gone, noticed here; the leader of that time reported it

        clock.advance(Duration.ofMinutes(2).plusSeconds(1)); // longer than any failover takes
        PollCycle.Report report = remembering.run();

        assertThat(report.published()).isTrue();
        assertThat(report.deleted()).isZero();
        assertThat(published).extracting(Observation::target).containsExactly(WEB);
    }
}
