package io.scaligator.actuator;

import io.scaligator.actuator.kube.ScalePatch;
import io.scaligator.common.event.ScaleOutcome;
import io.scaligator.common.target.TargetRef;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * The commands a leader has taken and not yet committed, per partition in record order. Commands settle in any
 * order (each workload has its own lane); what can be committed is each partition's settled prefix, so an
 * outcome is written, and its command marked consumed, only once every earlier command of its partition has its
 * outcome too. Used by the command loop's thread only.
 *
 * <p>It bounds what a crash leaves to re-deliver: at most {@link #LIMIT} commands, and at most
 * {@link ScalePatch#REMEMBERED_COMMANDS} of one workload, the number of applied ids a workload remembers, so the
 * next leader recognises every re-delivered command that was applied.
 */
final class InFlight {

    /** Commands taken and not yet committed, at most. */
    static final int LIMIT = 500;

    private final Map<TopicPartition, ArrayDeque<Taken>> partitions = new LinkedHashMap<>();
    private final Map<TargetRef, Integer> perWorkload = new HashMap<>();
    private int size;

    /** A command taken from its partition at its offset; no target and no outcome for an unreadable record. */
    record Taken(TopicPartition partition, long offset, TargetRef target, CompletableFuture<ScaleOutcome> outcome) {}

    /** What can be committed: the outcomes in record order and the offsets up to them. */
    record Settled(List<ScaleOutcome> outcomes, Map<TopicPartition, OffsetAndMetadata> offsets) {
        boolean isEmpty() {
            return offsets.isEmpty();
        }
    }

    /** Whether a command for {@code target} (null: an unreadable record) can be taken now. */
    boolean admits(TargetRef target) {
        return size < LIMIT && (target == null || perWorkload.getOrDefault(target, 0) < ScalePatch.REMEMBERED_COMMANDS);
    }

    void add(Taken taken) {
        partitions.computeIfAbsent(taken.partition(), p -> new ArrayDeque<>()).add(taken);
        if (taken.target() != null) {
            perWorkload.merge(taken.target(), 1, Integer::sum);
        }
        size++;
    }

    boolean isEmpty() {
        return size == 0;
    }

    int size() {
        return size;
    }

    /**
     * Removes and returns each partition's settled prefix; a partition stops at its first command still running
     * or left unsettled (leadership lost).
     *
     * @throws InterruptedException if a lane was interrupted while applying
     */
    Settled takeSettled() throws InterruptedException {
        List<ScaleOutcome> outcomes = new ArrayList<>();
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        for (ArrayDeque<Taken> queue : partitions.values()) {
            while (!queue.isEmpty()
                    && (queue.peek().outcome() == null || queue.peek().outcome().isDone())) {
                Taken head = queue.peek();
                if (head.outcome() != null) {
                    ScaleOutcome outcome = outcomeOf(head.outcome());
                    if (outcome == null) {
                        break;
                    }
                    outcomes.add(outcome);
                    perWorkload.computeIfPresent(head.target(), (t, n) -> n == 1 ? null : n - 1);
                }
                queue.remove();
                size--;
                offsets.put(head.partition(), new OffsetAndMetadata(head.offset() + 1));
            }
        }
        return new Settled(outcomes, offsets);
    }

    /** Waits until every taken command has settled or been left unsettled. */
    void awaitAll() throws InterruptedException {
        CompletableFuture<?>[] running = partitions.values().stream()
                .flatMap(ArrayDeque::stream)
                .map(Taken::outcome)
                .filter(Objects::nonNull)
                .toArray(CompletableFuture<?>[]::new);
        try {
            CompletableFuture.allOf(running).get();
        } catch (ExecutionException e) {
            // all are done; takeSettled reports the failure when its command's turn to be committed comes
        }
    }

    private static ScaleOutcome outcomeOf(CompletableFuture<ScaleOutcome> done) throws InterruptedException {
        try {
            return done.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof InterruptedException interrupted) {
                throw interrupted;
            }
            if (e.getCause() instanceof RuntimeException failure) {
                throw failure;
            }
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException("applying a command failed", e.getCause());
        }
    }
}
