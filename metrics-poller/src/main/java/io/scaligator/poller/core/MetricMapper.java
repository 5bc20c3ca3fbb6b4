package io.scaligator.poller.core;

import io.scaligator.common.config.MetricRule;
import io.scaligator.common.event.MetricSample;
import io.scaligator.common.target.Kind;
import io.scaligator.common.target.TargetRef;
import io.scaligator.poller.prometheus.QueryResult;
import io.scaligator.poller.prometheus.Series;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Maps one rule's query result onto the cycle's targets, following the result contract documented on
 * {@link MetricRule}: series labelled {@code namespace} + {@code workload} (+ {@code workload_kind}) belong to
 * that workload; series labelled {@code namespace} + {@code pod} belong to the pod's owner and are averaged
 * (UTILIZATION) or summed (VALUE). A target without a usable value gets a missing marker with the reason; no value
 * is ever invented. Usable means finite and not negative, for each series and for the aggregate (a sum of finite
 * values can overflow to infinity): utilization, rates and queue lengths are never below zero, so a negative value
 * is a broken query or exporter, never a reason to scale. Excluded targets are not measured.
 */
public final class MetricMapper {

    public static final String NAMESPACE_LABEL = "namespace";
    public static final String WORKLOAD_LABEL = "workload";
    public static final String WORKLOAD_KIND_LABEL = "workload_kind";
    public static final String POD_LABEL = "pod";

    static final String NO_DATA = "no data: the query returned an empty vector";
    static final String NO_SERIES = "no series for target";

    /** Running total of one target's series. */
    private static final class Accumulator {
        private double sum;
        private int count;
        private Double nonFinite;
        private String nonFiniteFrom;

        void add(double value, Map<String, String> labels) {
            if (!Double.isFinite(value)) {
                if (nonFinite == null) {
                    nonFinite = value;
                    nonFiniteFrom = labels.toString();
                }
                return;
            }
            sum += value;
            count++;
        }
    }

    /** Maps {@code result} for every target of {@code snapshot}. */
    public RuleSamples map(MetricRule rule, QueryResult result, ClusterSnapshot snapshot) {
        List<TargetState> targets = snapshot.measured();
        Map<TargetRef, MetricSample> samples = new HashMap<>(targets.size() * 2);
        Map<String, Integer> missing = new HashMap<>();
        if (result instanceof QueryResult.Failure failure) {
            for (TargetState target : targets) {
                samples.put(target.ref(), MetricSample.missing(rule.name(), failure.reason()));
            }
            count(missing, failure.outcome(), targets.size());
            return new RuleSamples(rule.name(), samples, missing, 0);
        }
        QueryResult.Vector vector = (QueryResult.Vector) result;
        Map<TargetRef, Accumulator> byTarget = new HashMap<>(targets.size() * 2);
        for (TargetState target : targets) {
            byTarget.put(target.ref(), null);
        }
        int unattributed = 0;
        for (Series series : vector.series()) {
            TargetRef ref = attribute(series, snapshot.podOwners());
            if (ref == null || !byTarget.containsKey(ref)) {
                unattributed++;
                continue;
            }
            // Targets start mapped to null (known, no series yet); computeIfAbsent treats null as absent.
            byTarget.computeIfAbsent(ref, r -> new Accumulator()).add(series.value(), series.labels());
        }
        for (TargetState target : targets) {
            Accumulator acc = byTarget.get(target.ref());
            MetricSample sample;
            if (vector.series().isEmpty()) {
                sample = MetricSample.missing(rule.name(), NO_DATA);
                count(missing, "no_data", 1);
            } else if (acc == null) {
                sample = MetricSample.missing(rule.name(), NO_SERIES);
                count(missing, "no_series", 1);
            } else if (acc.nonFinite != null) {
                sample = MetricSample.missing(
                        rule.name(), "non-finite value " + render(acc.nonFinite) + " in series " + acc.nonFiniteFrom);
                count(missing, "not_finite", 1);
            } else {
                sample = aggregate(rule, acc, missing);
            }
            samples.put(target.ref(), sample);
        }
        return new RuleSamples(rule.name(), samples, missing, unattributed);
    }

    /** The target's value from its finite series, or a missing marker if that is not finite or is negative. */
    private static MetricSample aggregate(MetricRule rule, Accumulator acc, Map<String, Integer> missing) {
        boolean average = rule.kind() == MetricRule.MetricKind.UTILIZATION;
        double value = average ? acc.sum / acc.count : acc.sum;
        String aggregate = (average ? "average" : "sum") + " of " + acc.count + " series";
        if (!Double.isFinite(value)) {
            count(missing, "not_finite", 1);
            return MetricSample.missing(
                    rule.name(), "non-finite value " + render(value) + ": the " + aggregate + " overflows a double");
        }
        if (value < 0) {
            count(missing, "negative", 1);
            return MetricSample.missing(
                    rule.name(),
                    "negative value " + value + " (" + aggregate
                            + "): a metric Scaligator scales on is never below zero; check the rule's query");
        }
        return MetricSample.present(rule.name(), value);
    }

    /** The target a series belongs to, or null when its labels do not name one. */
    static TargetRef attribute(Series series, PodOwners podOwners) {
        String namespace = series.label(NAMESPACE_LABEL);
        if (namespace == null) {
            return null;
        }
        String workload = series.label(WORKLOAD_LABEL);
        try {
            if (workload != null) {
                String kind = series.label(WORKLOAD_KIND_LABEL);
                return new TargetRef(namespace, kind == null ? Kind.DEPLOYMENT : Kind.parse(kind), workload);
            }
        } catch (IllegalArgumentException e) {
            return null;
        }
        String pod = series.label(POD_LABEL);
        return pod == null ? null : podOwners.ownerOf(namespace, pod);
    }

    private static void count(Map<String, Integer> counts, String category, int n) {
        if (n > 0) {
            counts.merge(category, n, Integer::sum);
        }
    }

    private static String render(double value) {
        return Double.isNaN(value) ? "NaN" : value > 0 ? "+Inf" : "-Inf";
    }
}
