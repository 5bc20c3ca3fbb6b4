package io.scaligator.actuator;

import io.scaligator.common.event.ScaleCommand;
import io.scaligator.common.event.ScaleOutcome;
import io.scaligator.common.target.TargetRef;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes a poll batch of commands to their outcomes: different workloads in parallel (up to {@code parallelism} at
 * once), the commands of one workload one after another in their record order, so a workload never sees two
 * writes of ours at once and the later command is always decided on what the earlier one did.
 */
final class BatchApplier implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(BatchApplier.class);

    private final CommandApplier applier;
    private final ExecutorService workers;

    BatchApplier(CommandApplier applier, int parallelism, String name) {
        this.applier = applier;
        AtomicInteger threads = new AtomicInteger();
        this.workers = Executors.newFixedThreadPool(
                parallelism, r -> new Thread(r, name + "-apply-" + threads.incrementAndGet()));
    }

    /**
     * The outcome of each command, at the command's index; null for a command left unsettled because leadership
     * was lost (it is re-delivered to the next leader, whose read of the workload tells whether it was applied).
     */
    ScaleOutcome[] apply(List<ScaleCommand> commands, BooleanSupplier stillLeader) throws InterruptedException {
        ScaleOutcome[] outcomes = new ScaleOutcome[commands.size()];
        Map<TargetRef, List<Integer>> byWorkload = new LinkedHashMap<>();
        for (int i = 0; i < commands.size(); i++) {
            byWorkload
                    .computeIfAbsent(commands.get(i).target(), t -> new ArrayList<>())
                    .add(i);
        }
        List<Future<?>> running = new ArrayList<>(byWorkload.size());
        for (List<Integer> indexes : byWorkload.values()) {
            running.add(workers.submit(() -> {
                for (int i : indexes) {
                    outcomes[i] = applier.handle(commands.get(i), stillLeader);
                }
                return null;
            }));
        }
        try {
            for (Future<?> workload : running) {
                await(workload);
            }
        } finally {
            running.forEach(f -> f.cancel(true)); // no-op for the finished; stops the rest when interrupted
        }
        return outcomes;
    }

    private static void await(Future<?> workload) throws InterruptedException {
        try {
            workload.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof LeadershipLostException lost) {
                LOG.warn("{}", lost.getMessage());
            } else if (e.getCause() instanceof RuntimeException failure) {
                throw failure;
            } else if (e.getCause() instanceof InterruptedException) {
                throw new InterruptedException("interrupted while applying a command");
            } else if (e.getCause() instanceof Error error) {
                throw error;
            } else {
                throw new IllegalStateException("applying a command failed", e.getCause());
            }
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
