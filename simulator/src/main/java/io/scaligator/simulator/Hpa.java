package io.scaligator.simulator;

import java.util.ArrayList;
import java.util.List;

/**
 * Kubernetes' HorizontalPodAutoscaler (autoscaling/v2) on CPU utilization with its default behaviour, written from
 * the documentation of the algorithm (kubernetes.io "Horizontal Pod Autoscaling"), independently of the engine's
 * own behaviour code:
 * <ul>
 * <li>every {@value #SYNC_SECONDS} s: desired = ceil(current x utilization / target), no change while the ratio is
 * within 1 +/- {@value #TOLERANCE};</li>
 * <li>CPU and not-yet-ready pods: pods not ready, or ready for less than one metric window while within the
 * {@value #CPU_INITIALIZATION_SECONDS} s CPU initialization period, are set aside; the ratio is computed over the
 * others; if it says scale up, the set-aside pods count as using 0 % and the ratio is recomputed; no change if that
 * reverses the direction or falls within the tolerance;</li>
 * <li>stabilization: scale-down uses the highest recommendation of the last {@value #DOWN_WINDOW_SECONDS} s,
 * scale-up the lowest of the last 0 s (none);</li>
 * <li>rate policies, the most permissive wins: up max(100 %, 4 pods) per 15 s, down 100 % per 15 s, counted from
 * the replicas at the start of the period;</li>
 * <li>the result stays within [minReplicas, maxReplicas].</li>
 * </ul>
 */
final class Hpa implements Autoscaler {

    static final long SYNC_SECONDS = 15;
    static final double TOLERANCE = 0.1;
    static final long DOWN_WINDOW_SECONDS = 300;
    static final long UP_WINDOW_SECONDS = 0;
    static final long CPU_INITIALIZATION_SECONDS = 300;
    static final long RATE_PERIOD_SECONDS = 15;
    static final int UP_PERCENT = 100;
    static final int UP_PODS = 4;
    static final int DOWN_PERCENT = 100;

    private record Timed(long second, int value) {}

    private final long start;
    private final double target;
    private final int min;
    private final int max;
    private final long unreadyLag;
    private final List<Timed> recommendations = new ArrayList<>();
    private final List<Timed> scaleUps = new ArrayList<>();
    private final List<Timed> scaleDowns = new ArrayList<>();

    /**
     * @param metricWindowSeconds the window of the CPU metric: a pod ready for less than this within the CPU
     *        initialization period has no valid sample yet
     * @param startupDelaySeconds how long after its start a pod becomes ready
     */
    Hpa(
            long startSecond,
            double targetUtilization,
            int min,
            int max,
            long metricWindowSeconds,
            long startupDelaySeconds) {
        this.start = startSecond;
        this.target = targetUtilization;
        this.min = min;
        this.max = max;
        // a pod counts once ready for a metric window, or once past the initialization period since its start
        this.unreadyLag = Math.max(0, Math.min(metricWindowSeconds, CPU_INITIALIZATION_SECONDS - startupDelaySeconds));
    }

    @Override
    public void tick(long second, Sensor sensor, Workload workload) {
        if ((second - start) % SYNC_SECONDS != 0) {
            return;
        }
        int current = workload.replicas();
        int counted = Math.min(current, workload.ready(second - unreadyLag));
        int desired = decide(second, current, sensor.utilization(), counted);
        if (desired != current) {
            workload.scaleTo(desired, second);
        }
    }

    /** One sync: the replicas the HPA sets, given the utilization of the {@code counted} pods with valid samples. */
    int decide(long second, int current, double utilization, int counted) {
        int desired;
        if (current > max) {
            desired = max;
        } else if (current < min) {
            desired = min;
        } else {
            int proposal = replicasFor(current, utilization, counted, current - counted, target);
            desired = withinRate(second, current, stabilize(second, current, proposal));
        }
        if (desired > current) {
            scaleUps.add(new Timed(second, desired - current));
        } else if (desired < current) {
            scaleDowns.add(new Timed(second, current - desired));
        }
        return desired;
    }

    /** The replica calculator for a resource (CPU) utilization target, with not-yet-ready pods set aside. */
    static int replicasFor(int current, double utilization, int ready, int unready, double target) {
        if (ready == 0) {
            return current; // no pod with a valid sample: the HPA cannot compute a ratio and keeps the count
        }
        double ratio = utilization / target;
        boolean scaleUpWithUnready = unready > 0 && ratio > 1.0;
        if (!scaleUpWithUnready) {
            if (Math.abs(1.0 - ratio) <= TOLERANCE) {
                return current;
            }
            return (int) Math.ceil(ratio * ready);
        }
        double newRatio = ratio * ready / (ready + unready);
        if (Math.abs(1.0 - newRatio) <= TOLERANCE || newRatio < 1.0) {
            return current;
        }
        int replicas = (int) Math.ceil(newRatio * (ready + unready));
        return replicas < current ? current : replicas;
    }

    /** Stabilization: hold between the lowest recent recommendation (up window) and the highest (down window). */
    private int stabilize(long second, int current, int proposal) {
        recommendations.removeIf(r -> r.second() <= second - Math.max(DOWN_WINDOW_SECONDS, UP_WINDOW_SECONDS));
        int up = proposal;
        int down = proposal;
        for (Timed r : recommendations) {
            if (r.second() > second - UP_WINDOW_SECONDS) {
                up = Math.min(up, r.value());
            }
            if (r.second() > second - DOWN_WINDOW_SECONDS) {
                down = Math.max(down, r.value());
            }
        }
        recommendations.add(new Timed(second, proposal));
        int result = current;
        if (result < up) {
            result = up;
        }
        if (result > down) {
            result = down;
        }
        return result;
    }

    /** Rate policies and [min, max]. */
    private int withinRate(long second, int current, int desired) {
        long cutoff = second - RATE_PERIOD_SECONDS;
        scaleUps.removeIf(e -> e.second() <= cutoff);
        scaleDowns.removeIf(e -> e.second() <= cutoff);
        if (desired > current) {
            int periodStart = current - scaleUps.stream().mapToInt(Timed::value).sum();
            int byPercent = (int) Math.ceil(periodStart * (1 + UP_PERCENT / 100.0));
            int limit = Math.max(current, Math.max(byPercent, periodStart + UP_PODS));
            return Math.min(desired, Math.min(limit, max));
        }
        if (desired < current) {
            int periodStart =
                    current + scaleDowns.stream().mapToInt(Timed::value).sum();
            int limit = Math.min(current, (int) (periodStart * (1 - DOWN_PERCENT / 100.0)));
            return Math.max(desired, Math.max(limit, min));
        }
        return desired;
    }
}
