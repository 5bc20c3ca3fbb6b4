package io.scaligator.poller.cycle;

import io.scaligator.common.kafka.PublishException;
import java.time.Duration;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs cycles on one thread at a fixed rate, so they never overlap. A cycle that overruns its interval is logged
 * and counted, and the next one starts at the next tick of the original schedule: missed ticks are skipped, never
 * queued up into a burst (which {@code scheduleAtFixedRate} would do).
 */
public final class CycleScheduler implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(CycleScheduler.class);

    /** When the next cycle starts, and how many ticks were skipped to get there. */
    record Next(long startNanos, long skippedTicks) {}

    private final PollCycle cycle;
    private final long periodNanos;
    private final PollerMetrics metrics;
    private final LongSupplier nanoTime;
    private final ScheduledThreadPoolExecutor executor;

    public CycleScheduler(PollCycle cycle, Duration interval, PollerMetrics metrics, LongSupplier nanoTime) {
        this.cycle = cycle;
        this.periodNanos = interval.toNanos();
        this.metrics = metrics;
        this.nanoTime = nanoTime;
        this.executor = new ScheduledThreadPoolExecutor(1, r -> new Thread(r, "poll-cycle"));
        executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
    }

    /** Starts the first cycle now. */
    public void start() {
        long now = nanoTime.getAsLong();
        executor.execute(() -> tick(now));
    }

    private void tick(long plannedNanos) {
        long start = nanoTime.getAsLong();
        String result = "ok";
        try {
            if (cycle.run() == null) {
                result = "not_synced";
            }
        } catch (PublishException e) {
            result = "publish_failed";
            LOG.error("cycle failed: {}", e.getMessage());
        } catch (RuntimeException e) {
            result = "error";
            LOG.error("cycle failed unexpectedly", e);
        }
        long end = nanoTime.getAsLong();
        metrics.cycle(Duration.ofNanos(end - start), result);
        Next next = next(plannedNanos, end, periodNanos);
        if (next.skippedTicks() > 0) {
            metrics.overrun(next.skippedTicks());
            LOG.warn(
                    "cycle took {} ms, longer than the {} ms interval; skipping {} tick(s), next cycle on schedule",
                    (end - start) / 1_000_000,
                    periodNanos / 1_000_000,
                    next.skippedTicks());
        }
        try {
            executor.schedule(() -> tick(next.startNanos()), next.startNanos() - end, TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException e) {
            LOG.debug("scheduler is shut down; no further cycles");
        }
    }

    /** The first tick {@code planned + k * period} (k >= 1) not in the past. */
    static Next next(long plannedNanos, long nowNanos, long periodNanos) {
        long late = nowNanos - plannedNanos;
        long k = Math.max(1, late / periodNanos + (late % periodNanos == 0 ? 0 : 1));
        return new Next(plannedNanos + k * periodNanos, k - 1);
    }

    /** Lets a running cycle finish (up to {@code grace}) and stops scheduling new ones. */
    public void stop(Duration grace) {
        executor.shutdown();
        try {
            if (!executor.awaitTermination(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.warn("the running cycle did not finish within {} ms; interrupting it", grace.toMillis());
                executor.shutdownNow();
            }
        } catch (InterruptedException e) {
            executor.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        stop(Duration.ofSeconds(30));
    }
}
