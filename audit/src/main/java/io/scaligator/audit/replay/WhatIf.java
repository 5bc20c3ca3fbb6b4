package io.scaligator.audit.replay;

import io.scaligator.audit.read.AuditLog;
import io.scaligator.audit.read.CheckpointLog;
import io.scaligator.audit.read.Recorded;
import io.scaligator.audit.read.TimeRange;
import io.scaligator.common.config.MetricRule;
import io.scaligator.common.event.MetricSample;
import io.scaligator.common.event.Observation;
import io.scaligator.common.event.ScaleCommand;
import io.scaligator.common.serde.EventJson;
import io.scaligator.engine.core.Policy;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Replays the recorded inputs under a candidate policy through the engine's topology and compares the result with
 * what happened. The model: a candidate command takes effect by the next observation (as a recorded command shows
 * up in the next observation); observations are re-written with the simulated replica count, and their metric
 * values scaled by recorded/simulated replicas (the same load spread over a different number of pods, which is what
 * per-pod averages and utilizations do). Metrics are otherwise as recorded.
 *
 * <p>Where retention trimmed the log, a target starts from its earliest usable state checkpoint, as if the candidate
 * had been rolled out there (a live policy change also starts from the state the old policy left); a trimmed target
 * without one starts from no state at its first retained input, and the result says so.
 */
public final class WhatIf {

    /** One target's two step series, sampled at its observations: [epoch millis, replicas]. */
    public record TargetSeries(List<long[]> recorded, List<long[]> candidate, List<long[]> candidateCommands) {}

    /** Totals of one side (recorded or candidate) over the range. */
    public record Totals(int scaleActions, double replicaHours, Map<String, Long> secondsOverThreshold) {}

    /** The comparison. */
    public record Result(
            String candidateVersion,
            List<String> recordedVersions,
            String range,
            Totals recorded,
            Totals candidate,
            Map<String, TargetSeries> series,
            Map<String, String> thresholds,
            List<ReplayStart> trimmedStarts) {}

    private WhatIf() {}

    public static Result run(AuditLog log, CheckpointLog checkpoints, TimeRange compare, Policy candidate) {
        ReplayPlan plan = ReplayPlan.of(log.inputs(), log.decisions());
        Map<String, ReplayStart> starts = ReplayStart.of(log, checkpoints, plan);
        Set<String> started = new HashSet<>();
        Map<String, Integer> simulated = new HashMap<>();
        Map<String, Integer> pending = new HashMap<>();
        Map<String, TargetSeries> series = new TreeMap<>();
        Map<String, List<double[]>> samples = new HashMap<>(); // key|rule -> [t, recorded value, candidate value]
        int candidateActions = 0;
        long end = Long.MIN_VALUE;
        try (Replayer replayer = new Replayer(log.topics(), ReplayStart.checkpointStates(starts))) {
            for (ReplayPlan.Step step : plan.steps()) {
                ReplayStart start = starts.get(step.input().key());
                boolean fromNoState = start != null && start.kind() == ReplayStart.Kind.UNVERIFIABLE;
                if (!fromNoState && !ReplayStart.reruns(start, step, started)) {
                    continue;
                }
                Recorded in = step.input();
                boolean inRange = compare.contains(in.timestamp());
                Recorded fed = in;
                if (in.event() instanceof Observation o) {
                    int sim = pending.containsKey(o.key())
                            ? pending.remove(o.key())
                            : simulated.getOrDefault(o.key(), o.specReplicas());
                    simulated.put(o.key(), sim);
                    Observation rewritten = rewrite(o, sim);
                    fed = in.withEvent(EventJson.write(rewritten), rewritten);
                    if (inRange) {
                        end = Math.max(end, in.timestamp());
                        TargetSeries s = series.computeIfAbsent(
                                o.key(),
                                k -> new TargetSeries(new ArrayList<>(), new ArrayList<>(), new ArrayList<>()));
                        s.recorded().add(new long[] {in.timestamp(), o.specReplicas()});
                        s.candidate().add(new long[] {in.timestamp(), sim});
                        for (int i = 0; i < o.metrics().size(); i++) {
                            MetricSample recorded = o.metrics().get(i);
                            MetricSample candidateSample = rewritten.metrics().get(i);
                            if (recorded.value() != null) {
                                samples.computeIfAbsent(o.key() + "|" + recorded.rule(), k -> new ArrayList<>())
                                        .add(new double[] {in.timestamp(), recorded.value(), candidateSample.value()});
                            }
                        }
                    }
                }
                for (Replayer.Output c : replayer.replay(fed, candidate).commands()) {
                    ScaleCommand cmd = EventJson.read(c.value(), ScaleCommand.class);
                    pending.put(cmd.key(), cmd.toReplicas());
                    if (compare.contains(c.timestamp())) {
                        candidateActions++;
                        TargetSeries s = series.get(cmd.key());
                        if (s != null) {
                            s.candidateCommands().add(new long[] {c.timestamp(), cmd.toReplicas()});
                        }
                    }
                }
            }
        }
        int recordedActions = (int) log.commands().stream()
                .filter(r -> compare.contains(r.timestamp()) && r.event() instanceof ScaleCommand)
                .count();
        Map<String, String> thresholds = thresholds(candidate);
        long last = end;
        Totals recorded = new Totals(
                recordedActions, replicaHours(series, true, last), overThreshold(samples, candidate, 1, last));
        Totals cand = new Totals(
                candidateActions, replicaHours(series, false, last), overThreshold(samples, candidate, 2, last));
        List<String> versions = plan.steps().stream()
                .map(ReplayPlan.Step::policyVersion)
                .filter(v -> v != null)
                .distinct()
                .toList();
        List<ReplayStart> trimmedStarts = starts.values().stream()
                .filter(s -> s.kind() != ReplayStart.Kind.BEGINNING)
                .toList();
        return new Result(
                candidate.version(), versions, compare.toString(), recorded, cand, series, thresholds, trimmedStarts);
    }

    private static Observation rewrite(Observation o, int sim) {
        List<MetricSample> metrics = o.metrics().stream()
                .map(m -> m.value() == null || sim == 0 || o.specReplicas() == 0
                        ? m
                        : MetricSample.present(m.rule(), m.value() * o.specReplicas() / sim))
                .toList();
        return new Observation(
                o.id(),
                o.target(),
                o.observedAt(),
                sim,
                Math.min(o.readyReplicas(), sim),
                metrics,
                o.otherAutoscaler(),
                o.annotations());
    }

    /** The level each metric rule counts as "over": the scale-up threshold, or the target in proportional mode. */
    private static Map<String, String> thresholds(Policy policy) {
        Map<String, String> out = new LinkedHashMap<>();
        for (MetricRule rule : policy.metricRules()) {
            Double level = threshold(rule);
            if (level != null) {
                out.put(rule.name(), rule.name() + " > " + level);
            }
        }
        return out;
    }

    private static Double threshold(MetricRule rule) {
        return rule.mode() == MetricRule.Mode.PROPORTIONAL ? rule.target() : rule.scaleUpThreshold();
    }

    /** Replica-hours of the step series, each target's last sample held to the end of the compared data. */
    private static double replicaHours(Map<String, TargetSeries> series, boolean recorded, long end) {
        double millis = 0;
        for (TargetSeries s : series.values()) {
            List<long[]> points = recorded ? s.recorded() : s.candidate();
            for (int i = 0; i < points.size(); i++) {
                long next = i + 1 < points.size() ? points.get(i + 1)[0] : end;
                millis += (double) points.get(i)[1] * (next - points.get(i)[0]);
            }
        }
        return millis / 3_600_000d;
    }

    private static Map<String, Long> overThreshold(
            Map<String, List<double[]>> samples, Policy policy, int column, long end) {
        Map<String, Long> out = new TreeMap<>();
        for (MetricRule rule : policy.metricRules()) {
            Double level = threshold(rule);
            if (level == null) {
                continue;
            }
            long millis = 0;
            for (Map.Entry<String, List<double[]>> e : samples.entrySet()) {
                if (!e.getKey().endsWith("|" + rule.name())) {
                    continue;
                }
                List<double[]> points = e.getValue();
                for (int i = 0; i < points.size(); i++) {
                    double next = i + 1 < points.size() ? points.get(i + 1)[0] : end;
                    if (points.get(i)[column] > level) {
                        millis += (long) (next - points.get(i)[0]);
                    }
                }
            }
            out.put(rule.name(), millis / 1000);
        }
        return out;
    }
}
