package io.scaligator.simulator;

import java.util.Arrays;

/**
 * One policy driven through the trace second by second: the workload, the sensor, the policy, and what is
 * tallied from {@code learn} on (replica-seconds, saturated seconds, unserved demand, scale commands, the highest
 * replica count) plus the chart's buckets
 * (the lowest ready capacity of each bucket, so that a short shortfall still shows).
 */
final class Run {

    final String name;
    final double[] bucketMinReady;
    long replicaSeconds;
    long saturatedSeconds;
    double demand;
    double unserved;
    int commands;
    int maxReplicas;

    private Run(String name, int buckets) {
        this.name = name;
        this.bucketMinReady = new double[buckets];
    }

    /** Runs {@code policy} over the trace, second by second. */
    static Run of(
            String name,
            Autoscaler policy,
            Workload workload,
            Trace trace,
            double scale,
            SimulationSettings settings,
            long bucketSeconds) {
        long start = trace.startSecond();
        long end = trace.endSecond();
        int buckets = (int) ((end - start + bucketSeconds - 1) / bucketSeconds);
        Run run = new Run(name, buckets);
        Arrays.fill(run.bucketMinReady, Double.MAX_VALUE);
        long scrape = settings.scrapeInterval().toSeconds();
        Sensor sensor = new Sensor((int) (settings.metricWindow().toSeconds() / scrape));
        long scored = settings.scoredFrom(trace);
        int bucket = 0;
        long bucketEnd = start + bucketSeconds;
        int commandsBefore = 0;
        for (long t = start; t < end; t++) {
            double d = trace.valueAt(t) * scale;
            sensor.advance(d);
            if ((t - start) % scrape == 0) {
                sensor.scrape(workload.ready(t));
            }
            if (t == scored) {
                commandsBefore = workload.commands();
            }
            policy.tick(t, sensor, workload);
            int ready = workload.ready(t);
            if (t >= scored) {
                run.maxReplicas = Math.max(run.maxReplicas, workload.replicas());
                run.replicaSeconds += workload.replicas();
                run.demand += d;
                if (d > ready) {
                    run.saturatedSeconds++;
                    run.unserved += d - ready;
                }
            }
            if (t == bucketEnd) {
                bucket++;
                bucketEnd += bucketSeconds;
            }
            run.bucketMinReady[bucket] = Math.min(run.bucketMinReady[bucket], ready);
        }
        run.commands = workload.commands() - commandsBefore;
        return run;
    }
}
