package io.scaligator.simulator;

import io.scaligator.common.config.ScaligatorConfig;
import io.scaligator.engine.core.Policy;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Drives each policy through the same trace and workload model: the configs' own policies through the real
 * decision core, the chosen baselines and the oracle. Runs are independent and single-threaded, so the same
 * input always gives the same result.
 */
public final class Simulation {

    /** A policy to simulate: a name for reports and the config it is built from, as the engine builds it. */
    public record Candidate(String name, ScaligatorConfig config) {
    }

    /**
     * What a simulation found: the trace, the parameters, each policy's figures (candidates, baselines, then the
     * oracle) and the chart data.
     */
    public record Result(String trace, Instant from, Instant to, long stepSeconds, int points,
            Map<String, String> simulation, Map<String, String> policyVersions, List<PolicyResult> policies,
            ChartData chart) {
    }

    /** Chart buckets from {@code start}: highest demand and, per policy, lowest ready capacity (pod units). */
    public record ChartData(long startSecond, long bucketSeconds, double[] demand, Map<String, double[]> ready) {
    }

    private Simulation() {
    }

    /**
     * Simulates {@code candidates} and {@code baselines} on {@code trace}. The baselines and the oracle take
     * min/max_replicas, reconcile_interval and the cpu thresholds from the first candidate's config.
     */
    public static Result run(Trace trace, SimulationSettings settings, List<Candidate> candidates,
            Set<Baseline> baselines) {
        if (candidates.isEmpty()) {
            throw new IllegalArgumentException("at least one candidate policy is needed");
        }
        ScaligatorConfig reference = candidates.get(0).config();
        double scale = settings.scaleFor(trace);
        long start = trace.startSecond();
        long bucket = Math.max(60, trace.stepSeconds());
        double[] demand = new double[(int) ((trace.endSecond() - start + bucket - 1) / bucket)];
        Oracle oracle = new Oracle(settings.targetUtilization(), reference.minReplicas());
        long delay = settings.startupDelay().toSeconds();

        List<Run> runs = new ArrayList<>();
        Map<String, String> versions = new LinkedHashMap<>();
        for (Candidate c : candidates) {
            Policy policy = Policy.from(c.config());
            versions.put(c.name(), policy.version());
            Autoscaler engine = new EngineAutoscaler(policy, start, reconcileSeconds(c.config()), settings);
            runs.add(Run.of(c.name(), engine, new Workload(initial(oracle, trace, scale, c.config()), delay), trace,
                    scale, settings, bucket, runs.isEmpty() ? demand : null));
        }
        int initial = initial(oracle, trace, scale, reference);
        long reconcile = reconcileSeconds(reference);
        if (baselines.contains(Baseline.HPA)) {
            runs.add(Run.of(Baseline.HPA.label(), new Hpa(start, settings.targetUtilization(),
                    reference.minReplicas(), reference.maxReplicas(), settings.metricWindow().toSeconds(), delay),
                    new Workload(initial, delay), trace, scale, settings, bucket, null));
        }
        if (baselines.contains(Baseline.ORIGINAL)) {
            runs.add(Run.of(Baseline.ORIGINAL.label(), new OriginalScaligator(start, reconcile,
                    reference.scaleUpCpuThreshold(), reference.scaleDownCpuThreshold(), reference.minReplicas(),
                    reference.maxReplicas()), new Workload(initial, delay), trace, scale, settings, bucket, null));
        }
        Run oracleRun = Run.of("oracle", oracle, new Workload(oracle.replicasFor(trace.valueAt(start) * scale), 0),
                trace, scale, settings, bucket, null);
        runs.add(oracleRun);

        long seconds = trace.endSecond() - start;
        List<PolicyResult> results = new ArrayList<>();
        Map<String, double[]> ready = new LinkedHashMap<>();
        for (Run r : runs) {
            results.add(new PolicyResult(r.name, round(r.replicaSeconds / 3600.0),
                    round((double) r.replicaSeconds / oracleRun.replicaSeconds), round(r.saturatedSeconds / 60.0),
                    round(100.0 * r.saturatedSeconds / seconds), round(r.demand == 0 ? 0 : 100 * r.unserved / r.demand),
                    r.commands, r.maxReplicas));
            ready.put(r.name, r.bucketMinReady);
        }
        return new Result(trace.name(), Instant.ofEpochSecond(start), Instant.ofEpochSecond(trace.endSecond()),
                trace.stepSeconds(), trace.points(), settings.describe(trace), versions, results,
                new ChartData(start, bucket, demand, ready));
    }

    /** Every policy starts from the same count: what the oracle runs at the first point, within [min, max]. */
    private static int initial(Oracle oracle, Trace trace, double scale, ScaligatorConfig config) {
        int replicas = oracle.replicasFor(trace.valueAt(trace.startSecond()) * scale);
        return Math.max(config.minReplicas(), Math.min(config.maxReplicas(), replicas));
    }

    private static long reconcileSeconds(ScaligatorConfig config) {
        long millis = config.reconcileInterval().toMillis();
        if (millis % 1000 != 0) {
            throw new SimulationException("reconcile_interval = " + millis + "ms: the simulator steps whole seconds");
        }
        return millis / 1000;
    }

    /** Three decimals: enough for the report, and the same text on every run. */
    static double round(double value) {
        return Math.round(value * 1000) / 1000.0;
    }
}
