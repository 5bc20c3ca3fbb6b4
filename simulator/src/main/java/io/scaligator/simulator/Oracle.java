package io.scaligator.simulator;

/**
 * The reference, not a cost floor: ready(t) = ceil(d(t) / target utilization) with perfect knowledge of the
 * demand and no startup delay (its workload is built with none), never below min_replicas.
 */
final class Oracle implements Autoscaler {

    private final double targetUtilization;
    private final int minReplicas;

    Oracle(double targetUtilization, int minReplicas) {
        this.targetUtilization = targetUtilization;
        this.minReplicas = minReplicas;
    }

    /** The replicas the oracle runs for {@code demand} (pod units). */
    int replicasFor(double demand) {
        // 1e-9: a demand of exactly n x target must need n pods, not n + 1 through rounding
        return Math.max(minReplicas, (int) Math.ceil(demand / targetUtilization - 1e-9));
    }

    @Override
    public void tick(long second, Sensor sensor, Workload workload) {
        workload.scaleTo(replicasFor(sensor.demandNow()), second);
    }
}
