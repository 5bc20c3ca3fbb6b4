package io.scaligator.poller.cycle;

import io.scaligator.common.kafka.PublishException;
import io.scaligator.kube.Leadership;
import java.time.Duration;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs cycles on one thread at a fixed rate, so they never overlap. A cycle that overruns its interval is logged
 * and counted, and the next one starts at the next tick of the original schedule: missed ticks are skipped, never
 * queued up into a burst (which {@code scheduleAtFixedRate} would do).
 *
 * <p>Ticks run whether or not this poller leads (a standby's cycle publishes nothing). When it is elected, a cycle
 * runs at once and the schedule restarts from it, so observations resume as soon as the Lease is taken rather than
 * up to an interval later; unless a tick ran in between as leader, which makes the extra cycle pointless.
 */
public final class CycleScheduler implements AutoCloseable, Leadership.Listener {

    private static final Logger LOG = LoggerFactory.getLogger(CycleScheduler.class);

    /** When the next cycle starts, and how many ticks were skipped to get there. */
    record Next(long startNanos, long skippedTicks) {}

    private final long periodNanos;
    private final PollerMetrics metrics;
    private final LongSupplier nanoTime;
    private final ScheduledThreadPoolExecutor executor;
    /** Set when elected, cleared by the next tick. */
    private final AtomicBoolean electedSinceTick = new AtomicBoolean();

    private volatile PollCycle cycle;
    /** The next scheduled tick; touched on the executor's thread only. */
    private ScheduledFuture<?> nextTick;

    public CycleScheduler(Duration interval, PollerMetrics metrics, LongSupplier nanoTime) {
        this.periodNanos = interval.toNanos();
        this.metrics = metrics;
        this.nanoTime = nanoTime;
        this.executor = new ScheduledThreadPoolExecutor(1, r -> new Thread(r, "poll-cycle"));
        executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
    }

    /** Starts running {@code cycle}, the first one now. */
    public void start(PollCycle cycle) {
        this.cycle = cycle;
        long now = nanoTime.getAsLong();
        executor.execute(() -> tick(now));
    }

    /** Elected: a cycle now, unless a tick runs first; the schedule goes on from that cycle. */
    @Override
    public void startedLeading() {
        electedSinceTick.set(true);
        try {
            executor.execute(() -> {
                if (electedSinceTick.get()) {
                    if (nextTick != null) {
                        nextTick.cancel(false);
                    }
                    tick(nanoTime.getAsLong());
                }
            });
        } catch (RejectedExecutionException e) {
            LOG.debug("scheduler is shut down; no cycle on election");
        }
    }

    /** Nothing to stop: the running cycle checks leadership before it publishes, the next ones stand by. */
    @Override
    public void stoppedLeading() {
        LOG.info("no longer leading: cycles stand by (no queries, nothing published)");
    }

    private void tick(long plannedNanos) {
        electedSinceTick.set(false);
        long start = nanoTime.getAsLong();
        String result = "ok";
        try {
            PollCycle.Report report = cycle.run();
            if (report == null) {
                result = "not_synced";
            } else if (!report.published()) {
                result = PollerMetrics.STANDBY;
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
            nextTick = executor.schedule(() -> tick(next.startNanos()), next.startNanos() - end, TimeUnit.NANOSECONDS);
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
