package io.scaligator.poller.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.scaligator.common.config.MetricRule;
import io.scaligator.common.event.MetricSample;
import io.scaligator.common.target.TargetRef;
import io.scaligator.poller.prometheus.QueryResult;
import io.scaligator.poller.prometheus.Series;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MetricMapperTest {

    private static final TargetRef WEB = TargetRef.deployment("shop", "web");
    private static final TargetRef DB = TargetRef.statefulSet("shop", "db");
    private static final TargetRef API = TargetRef.deployment("dev", "api");

    // Pod names deliberately do not start with their workload's name: attribution must come from owners.
    private static final Map<String, TargetRef> OWNERS =
            Map.of("shop/a1", WEB, "shop/a2", WEB, "shop/zz-0", DB, "dev/p", API);

    private static final ClusterSnapshot SNAPSHOT =
            new ClusterSnapshot(List.of(target(WEB), target(DB), target(API)), (ns, pod) -> OWNERS.get(ns + "/" + pod));

    private final MetricMapper mapper = new MetricMapper();

    private static TargetState target(TargetRef ref) {
        return new TargetState(ref, 2, 2, Map.of(), null);
    }

    private static MetricRule rule(MetricRule.MetricKind kind) {
        return new MetricRule("m", "q", kind, MetricRule.Mode.THRESHOLD, null, 0.7, 0.2, 1);
    }

    private static Series pod(String ns, String pod, double value) {
        return new Series(Map.of("namespace", ns, "pod", pod), value);
    }

    private static QueryResult vector(Series... series) {
        return new QueryResult.Vector(List.of(series), List.of());
    }

    @Test
    void podSeriesAreAveragedPerOwningWorkloadForUtilization() {
        RuleSamples samples = mapper.map(
                rule(MetricRule.MetricKind.UTILIZATION),
                vector(pod("shop", "a1", 0.5), pod("shop", "a2", 0.25), pod("shop", "zz-0", 0.9), pod("dev", "p", 0.1)),
                SNAPSHOT);

        assertThat(samples.sampleFor(WEB)).isEqualTo(MetricSample.present("m", 0.375));
        assertThat(samples.sampleFor(DB)).isEqualTo(MetricSample.present("m", 0.9));
        assertThat(samples.sampleFor(API)).isEqualTo(MetricSample.present("m", 0.1));
        assertThat(samples.missingByCategory()).isEmpty();
    }

    @Test
    void podSeriesAreSummedPerOwningWorkloadForValues() {
        RuleSamples samples = mapper.map(
                rule(MetricRule.MetricKind.VALUE), vector(pod("shop", "a1", 10), pod("shop", "a2", 32)), SNAPSHOT);

        assertThat(samples.sampleFor(WEB)).isEqualTo(MetricSample.present("m", 42.0));
    }

    @Test
    void workloadSeriesMapByNamespaceWorkloadAndKindDefaultingToDeployment() {
        RuleSamples samples = mapper.map(
                rule(MetricRule.MetricKind.VALUE),
                vector(
                        new Series(Map.of("namespace", "shop", "workload", "web"), 7),
                        new Series(Map.of("namespace", "shop", "workload", "db", "workload_kind", "StatefulSet"), 3)),
                SNAPSHOT);

        assertThat(samples.sampleFor(WEB)).isEqualTo(MetricSample.present("m", 7.0));
        assertThat(samples.sampleFor(DB)).isEqualTo(MetricSample.present("m", 3.0));
        assertThat(samples.sampleFor(API).missingReason()).isEqualTo("no series for target");
    }

    @Test
    void seriesNamingNoTargetAreCountedAndIgnored() {
        RuleSamples samples = mapper.map(
                rule(MetricRule.MetricKind.VALUE),
                vector(
                        pod("shop", "unknown-pod", 1), // no owner known
                        new Series(Map.of("pod", "a1"), 1), // no namespace
                        new Series(Map.of("namespace", "shop", "workload", "WEB!"), 1), // not a valid name
                        new Series(Map.of("namespace", "shop", "workload", "x", "workload_kind", "DaemonSet"), 1),
                        new Series(Map.of("namespace", "other", "workload", "web"), 1), // not a target
                        pod("shop", "a1", 5)),
                SNAPSHOT);

        assertThat(samples.unattributedSeries()).isEqualTo(5);
        assertThat(samples.sampleFor(WEB)).isEqualTo(MetricSample.present("m", 5.0));
    }

    @Test
    void aNonFiniteSeriesMakesItsTargetMissingRatherThanAveragingAroundIt() {
        RuleSamples samples = mapper.map(
                rule(MetricRule.MetricKind.UTILIZATION),
                vector(
                        pod("shop", "a1", 0.5),
                        pod("shop", "a2", Double.NaN),
                        pod("shop", "zz-0", Double.POSITIVE_INFINITY),
                        pod("dev", "p", Double.NEGATIVE_INFINITY)),
                SNAPSHOT);

        assertThat(samples.sampleFor(WEB).missingReason())
                .isEqualTo("non-finite value NaN in series " + Map.of("namespace", "shop", "pod", "a2"));
        assertThat(samples.sampleFor(DB).missingReason()).startsWith("non-finite value +Inf");
        assertThat(samples.sampleFor(API).missingReason()).startsWith("non-finite value -Inf");
        assertThat(samples.missingByCategory()).isEqualTo(Map.of("not_finite", 3));
    }

    @Test
    void anEmptyVectorMakesEveryTargetMissingWithNoData() {
        RuleSamples samples = mapper.map(rule(MetricRule.MetricKind.UTILIZATION), vector(), SNAPSHOT);

        assertThat(samples.samples().values())
                .extracting(MetricSample::missingReason)
                .containsOnly("no data: the query returned an empty vector");
        assertThat(samples.missingByCategory()).isEqualTo(Map.of("no_data", 3));
    }

    @Test
    void partialResultsMakeOnlyTheAbsentTargetsMissing() {
        RuleSamples samples =
                mapper.map(rule(MetricRule.MetricKind.UTILIZATION), vector(pod("shop", "a1", 0.4)), SNAPSHOT);

        assertThat(samples.sampleFor(WEB)).isEqualTo(MetricSample.present("m", 0.4));
        assertThat(samples.sampleFor(DB)).isEqualTo(MetricSample.missing("m", "no series for target"));
        assertThat(samples.sampleFor(API)).isEqualTo(MetricSample.missing("m", "no series for target"));
        assertThat(samples.missingByCategory()).isEqualTo(Map.of("no_series", 2));
    }

    @Test
    void aFailedQueryMakesEveryTargetMissingWithTheFailureReason() {
        QueryResult.Failure failure =
                new QueryResult.Failure(QueryResult.Failure.Kind.HTTP_5XX, "prometheus answered HTTP 503: down");

        RuleSamples samples = mapper.map(rule(MetricRule.MetricKind.UTILIZATION), failure, SNAPSHOT);

        assertThat(samples.samples()).hasSize(3);
        assertThat(samples.samples().values())
                .containsOnly(MetricSample.missing("m", "prometheus answered HTTP 503: down"));
        assertThat(samples.missingByCategory()).isEqualTo(Map.of("http_5xx", 3));
    }

    @Test
    void aNegativeAggregateIsMissingWithItsReasonNotAValue() {
        RuleSamples samples = mapper.map(
                rule(MetricRule.MetricKind.VALUE),
                vector(pod("shop", "a1", 3), pod("shop", "a2", -5), pod("dev", "p", 0)),
                SNAPSHOT);

        assertThat(samples.sampleFor(WEB).hasValue()).isFalse();
        assertThat(samples.sampleFor(WEB).missingReason()).startsWith("negative value -2.0 (sum of 2 series)");
        assertThat(samples.sampleFor(API)).isEqualTo(MetricSample.present("m", 0.0));
        assertThat(samples.missingByCategory()).containsEntry("negative", 1);
    }

    @Test
    void finiteSeriesWhoseSumOverflowsAreMissingInsteadOfFailingTheCycle() {
        RuleSamples values = mapper.map(
                rule(MetricRule.MetricKind.VALUE),
                vector(pod("shop", "a1", Double.MAX_VALUE), pod("shop", "a2", Double.MAX_VALUE)),
                SNAPSHOT);
        RuleSamples utilization = mapper.map(
                rule(MetricRule.MetricKind.UTILIZATION),
                vector(pod("shop", "a1", Double.MAX_VALUE), pod("shop", "a2", Double.MAX_VALUE)),
                SNAPSHOT);

        assertThat(values.sampleFor(WEB).missingReason())
                .isEqualTo("non-finite value +Inf: the sum of 2 series overflows a double");
        assertThat(utilization.sampleFor(WEB).missingReason())
                .isEqualTo("non-finite value +Inf: the average of 2 series overflows a double");
        assertThat(values.missingByCategory()).containsEntry("not_finite", 1);
    }

    @Test
    void excludedTargetsAreNotMeasuredAndTheirSeriesAreNotCountedAsTheirs() {
        TargetState excluded = new TargetState(DB, 2, 2, Map.of("scaligator.io/exclude", "true"), null);
        ClusterSnapshot snapshot =
                new ClusterSnapshot(List.of(target(WEB), excluded), (ns, pod) -> OWNERS.get(ns + "/" + pod));

        RuleSamples samples = mapper.map(
                rule(MetricRule.MetricKind.VALUE), vector(pod("shop", "a1", 1), pod("shop", "zz-0", 4)), snapshot);

        assertThat(samples.samples()).containsOnlyKeys(WEB);
        assertThat(samples.unattributedSeries()).isEqualTo(1);
        assertThat(ObservationFactory.build(excluded, java.time.Instant.EPOCH, List.of(samples))
                        .metrics())
                .isEmpty();
    }
}
