package io.scaligator.actuator;

import io.scaligator.common.event.ScaleCommand;
import io.scaligator.common.event.ScaleOutcome;
import io.scaligator.common.target.TargetRef;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes commands to their outcomes as they arrive, one lane per workload: different workloads in parallel (up to
 * {@code parallelism} at once), the commands of one workload one after another in the order they were submitted,
 * so a workload never sees two writes of ours at once and a later command is always decided on what the earlier
 * one did. A slow workload (an API server retrying its patch until apply_deadline) holds up only its own lane.
 *
 * <p>{@link #submit} is called from one thread (the command loop's); the lanes run on the worker pool.
 */
final class ApplyLanes implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ApplyLanes.class);

    private final CommandApplier applier;
    private final ExecutorService workers;
    /** Each workload's last submitted command; lanes whose last command is done are dropped now and then. */
    private final Map<TargetRef, CompletableFuture<ScaleOutcome>> tails = new HashMap<>();

    private int pruneAt = 64;

    ApplyLanes(CommandApplier applier, int parallelism, String name) {
        this.applier = applier;
        AtomicInteger threads = new AtomicInteger();
        this.workers = Executors.newFixedThreadPool(
                parallelism, r -> new Thread(r, name + "-apply-" + threads.incrementAndGet()));
    }

    /**
     * Starts the command once its workload's earlier commands are done. The future completes with its outcome,
     * or with null when the command was left unsettled because leadership was lost (it is re-delivered to the next
     * leader, whose read of the workload tells whether it was applied); exceptionally only when its lane was
     * interrupted (the actuator is closing). A defect while handling the command is a failed outcome, not a failure.
     */
    CompletableFuture<ScaleOutcome> submit(ScaleCommand command, BooleanSupplier stillLeader) {
        if (tails.size() >= pruneAt) {
            tails.values().removeIf(CompletableFuture::isDone);
            pruneAt = Math.max(64, 2 * tails.size());
        }
        CompletableFuture<ScaleOutcome> previous = tails.get(command.target());
        CompletableFuture<ScaleOutcome> next = previous == null
                ? CompletableFuture.supplyAsync(() -> handle(command, stillLeader), workers)
                : previous.handleAsync((outcome, failure) -> handle(command, stillLeader), workers);
        tails.put(command.target(), next);
        return next;
    }

    private ScaleOutcome handle(ScaleCommand command, BooleanSupplier stillLeader) {
        try {
            return applier.handle(command, stillLeader);
        } catch (LeadershipLostException lost) {
            LOG.warn("{}", lost.getMessage());
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CompletionException(new InterruptedException(
                    command.target() + " command " + command.id() + ": interrupted while applying"));
        }
    }

    @Override
    public void close() {
        workers.shutdownNow();
        try {
            if (!workers.awaitTermination(5, TimeUnit.SECONDS)) {
                LOG.warn("command workers did not stop within 5 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
