package io.scaligator.simulator;

import io.scaligator.common.config.ScaligatorConfig;
import io.scaligator.engine.core.Policy;
import io.scaligator.engine.policy.Policies;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Drives each policy through the same trace and workload model: the configs' own policies through the real
 * decision core, the chosen baselines and the oracle. Runs are independent of each other (they run in parallel,
 * each on one thread), so the same input always gives the same result.
 */
public final class Simulation {

    /**
     * The longest trace simulated, ten years: it steps every second, and a year takes about 15 s on two cores, so a
     * trace whose times are wrong (a point in 1900 before one in 2100) fails at once instead of running for hours.
     */
    static final long MAX_SPAN_DAYS = 3660;

    /** A policy to simulate: a name for reports and the config it is built from, as the engine builds it. */
    public record Candidate(String name, ScaligatorConfig config) {}

    /**
     * What a simulation found: the trace, the parameters, each policy's figures (candidates, baselines, then the
     * oracle) and the chart data.
     */
    public record Result(
            String trace,
            Instant from,
            Instant to,
            long stepSeconds,
            int points,
            int missingPoints,
            Map<String, String> simulation,
            Map<String, String> policyVersions,
            List<PolicyResult> policies,
            ChartData chart) {}

    /** Chart buckets from {@code start}: highest demand and, per policy, lowest ready capacity (pod units). */
    public record ChartData(long startSecond, long bucketSeconds, double[] demand, Map<String, double[]> ready) {}

    private Simulation() {}

    /**
     * Simulates {@code candidates} and {@code baselines} on {@code trace}. The baselines and the oracle take
     * min/max_replicas, reconcile_interval and the cpu thresholds from the first candidate's config.
     */
    public static Result run(
            Trace trace, SimulationSettings settings, List<Candidate> candidates, Set<Baseline> baselines) {
        if (candidates.isEmpty()) {
            throw new IllegalArgumentException("at least one candidate policy is needed");
        }
        Set<String> names = new HashSet<>(List.of("oracle"));
        baselines.forEach(b -> names.add(b.label()));
        for (Candidate c : candidates) {
            if (!names.add(c.name())) {
                throw new SimulationException("policy name '" + c.name() + "' is used twice (baselines and the "
                        + "oracle use hpa, original and oracle); rename the config file");
            }
        }
        if (settings.scoredFrom(trace) >= trace.endSecond()) {
            throw new SimulationException("learn (" + settings.learn().toSeconds() + " s) covers the whole trace ("
                    + (trace.endSecond() - trace.startSecond()) + " s): nothing is left to score; shorten it");
        }
        long days =
                (trace.endSecond() - trace.startSecond()) / Duration.ofDays(1).toSeconds();
        if (days > MAX_SPAN_DAYS) {
            throw new SimulationException(trace.name() + " spans " + days + " days; the simulator steps every second"
                    + " and simulates at most " + MAX_SPAN_DAYS + " days: cut the trace");
        }
        settings.checkPeakFits(trace);
        ScaligatorConfig reference = candidates.get(0).config();
        double scale = settings.scaleFor(trace);
        long start = trace.startSecond();
        long bucket = Math.max(60, trace.stepSeconds());
        double[] demand = new double[(int) ((trace.endSecond() - start + bucket - 1) / bucket)];
        Oracle oracle = new Oracle(settings.targetUtilization(), reference.minReplicas());
        long delay = settings.startupDelay().toSeconds();

        List<Callable<Run>> tasks = new ArrayList<>();
        Map<String, String> versions = new LinkedHashMap<>();
        for (Candidate c : candidates) {
            Policy policy = Policies.from(c.config());
            String refusal = policy.scope().refusal(settings.target().namespace());
            if (refusal != null) {
                throw new SimulationException("policy " + c.name() + " would never scale "
                        + settings.target().key() + ": " + refusal + "; simulate a target it watches (--target)");
            }
            versions.put(c.name(), policy.version());
            long reconcile = reconcileSeconds(c.config());
            int initial = initial(oracle, trace, scale, c.config());
            tasks.add(() -> Run.of(
                    c.name(),
                    new EngineAutoscaler(policy, start, reconcile, settings),
                    new Workload(initial, delay),
                    trace,
                    scale,
                    settings,
                    bucket));
        }
        int initial = initial(oracle, trace, scale, reference);
        long reconcile = reconcileSeconds(reference);
        if (baselines.contains(Baseline.HPA)) {
            tasks.add(() -> Run.of(
                    Baseline.HPA.label(),
                    new Hpa(
                            start,
                            settings.targetUtilization(),
                            reference.minReplicas(),
                            reference.maxReplicas(),
                            settings.metricWindow().toSeconds(),
                            delay),
                    new Workload(initial, delay),
                    trace,
                    scale,
                    settings,
                    bucket));
        }
        if (baselines.contains(Baseline.ORIGINAL)) {
            tasks.add(() -> Run.of(
                    Baseline.ORIGINAL.label(),
                    new OriginalScaligator(
                            start,
                            reconcile,
                            reference.scaleUpCpuThreshold(),
                            reference.scaleDownCpuThreshold(),
                            reference.minReplicas(),
                            reference.maxReplicas()),
                    new Workload(initial, delay),
                    trace,
                    scale,
                    settings,
                    bucket));
        }
        tasks.add(() -> Run.of(
                "oracle",
                oracle,
                new Workload(oracle.replicasFor(trace.valueAt(start) * scale), 0),
                trace,
                scale,
                settings,
                bucket));
        List<Run> runs = runAll(tasks);
        Run oracleRun = runs.get(runs.size() - 1);
        for (long t = start; t < trace.endSecond(); t++) {
            int b = (int) ((t - start) / bucket);
            demand[b] = Math.max(demand[b], trace.valueAt(t) * scale);
        }

        long seconds = Math.max(1, trace.endSecond() - settings.scoredFrom(trace));
        List<PolicyResult> results = new ArrayList<>();
        Map<String, double[]> ready = new LinkedHashMap<>();
        for (Run r : runs) {
            results.add(new PolicyResult(
                    r.name,
                    round(r.replicaSeconds / 3600.0),
                    round((double) r.replicaSeconds / oracleRun.replicaSeconds),
                    round(r.saturatedSeconds / 60.0),
                    round(100.0 * r.saturatedSeconds / seconds),
                    round(r.demand == 0 ? 0 : 100 * r.unserved / r.demand),
                    r.commands,
                    r.maxReplicas));
            ready.put(r.name, r.bucketMinReady);
        }
        return new Result(
                trace.name(),
                Instant.ofEpochSecond(start),
                Instant.ofEpochSecond(trace.endSecond()),
                trace.stepSeconds(),
                trace.points(),
                trace.missingPoints(),
                settings.describe(trace),
                versions,
                results,
                new ChartData(start, bucket, demand, ready));
    }

    /**
     * Runs the tasks on up to one thread per processor: each run has its own workload, sensor and policy state and
     * shares only the read-only trace, so the results do not depend on the threads' timing.
     */
    private static List<Run> runAll(List<Callable<Run>> tasks) {
        int threads = Math.max(1, Math.min(tasks.size(), Runtime.getRuntime().availableProcessors()));
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread thread = new Thread(r, "simulation");
            thread.setDaemon(true);
            return thread;
        });
        try {
            List<Run> runs = new ArrayList<>();
            for (Future<Run> f : pool.invokeAll(tasks)) {
                runs.add(f.get());
            }
            return runs;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SimulationException("interrupted");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException(e.getCause());
        } finally {
            pool.shutdownNow();
        }
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
