package io.scaligator.simulator;

/**
 * The original Scaligator: every reconcile_interval, +1 replica when the CPU utilization is above
 * scale_up_cpu_threshold, -1 when below scale_down_cpu_threshold, within [min_replicas, max_replicas].
 */
final class OriginalScaligator implements Autoscaler {

    private final long start;
    private final long interval;
    private final double up;
    private final double down;
    private final int min;
    private final int max;

    OriginalScaligator(long startSecond, long intervalSeconds, double up, double down, int min, int max) {
        this.start = startSecond;
        this.interval = intervalSeconds;
        this.up = up;
        this.down = down;
        this.min = min;
        this.max = max;
    }

    @Override
    public void tick(long second, Sensor sensor, Workload workload) {
        if ((second - start) % interval != 0) {
            return;
        }
        int current = workload.replicas();
        double cpu = sensor.utilization();
        int desired = cpu > up ? current + 1 : cpu < down ? current - 1 : current;
        workload.scaleTo(Math.max(min, Math.min(max, desired)), second);
    }
}
