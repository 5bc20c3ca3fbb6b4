package io.scaligator.actuator;

import io.scaligator.actuator.kube.ScalePatch;
import io.scaligator.common.event.ScaleCommand;
import io.scaligator.common.event.ScaleOutcome;
import io.scaligator.common.target.TargetRef;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * The commands a leader has taken and not yet committed, per partition in record order. Commands settle in any
 * order (each workload has its own lane); what can be committed is each partition's settled prefix, so an
 * outcome is written, and its command marked consumed, only once every earlier command of its partition has its
 * outcome too. Used by the command loop's thread only.
 *
 * <p>It bounds what a crash leaves to re-deliver. A partition takes at most {@link #PARTITION_LIMIT} commands
 * ahead of its last commit. A workload has at most {@link ScalePatch#REMEMBERED_COMMANDS} commands started and
 * not committed, the number of applied ids a workload remembers, so the next leader recognises every re-delivered
 * command that was applied; its later commands are taken but wait, parked, until a commit makes room. Neither
 * bound holds up another partition, and the second holds up no other workload.
 */
final class InFlight {

    /** Commands a partition takes ahead of its last commit, at most. */
    static final int PARTITION_LIMIT = 10_000;

    private final Function<ScaleCommand, CompletableFuture<ScaleOutcome>> start;
    private final Map<TopicPartition, ArrayDeque<Taken>> partitions = new LinkedHashMap<>();
    private final Map<TargetRef, Integer> started = new HashMap<>();
    private final Map<TargetRef, ArrayDeque<Taken>> parked = new HashMap<>();

    /** @param start starts a command in its workload's lane and returns its outcome to come */
    InFlight(Function<ScaleCommand, CompletableFuture<ScaleOutcome>> start) {
        this.start = start;
    }

    /** A command taken from its partition at its offset; no command and no outcome for an unreadable record. */
    private static final class Taken {
        final TopicPartition partition;
        final long offset;
        final ScaleCommand command;
        CompletableFuture<ScaleOutcome> outcome; // null until started

        Taken(TopicPartition partition, long offset, ScaleCommand command) {
            this.partition = partition;
            this.offset = offset;
            this.command = command;
        }

        boolean settled() {
            return command == null || (outcome != null && outcome.isDone());
        }
    }

    /** What can be committed: the outcomes in record order and the offsets up to them. */
    record Settled(List<ScaleOutcome> outcomes, Map<TopicPartition, OffsetAndMetadata> offsets) {
        boolean isEmpty() {
            return offsets.isEmpty();
        }
    }

    /** Whether the partition can take another command now. */
    boolean hasRoom(TopicPartition partition) {
        ArrayDeque<Taken> queue = partitions.get(partition);
        return queue == null || queue.size() < PARTITION_LIMIT;
    }

    /** Takes the record at {@code offset}: starts its command now, or parks it while its workload is at its bound. */
    void take(TopicPartition partition, long offset, ScaleCommand command) {
        Taken taken = new Taken(partition, offset, command);
        partitions.computeIfAbsent(partition, p -> new ArrayDeque<>()).add(taken);
        if (command == null) {
            return;
        }
        TargetRef workload = command.target();
        if (parked.containsKey(workload) || started.getOrDefault(workload, 0) >= ScalePatch.REMEMBERED_COMMANDS) {
            parked.computeIfAbsent(workload, w -> new ArrayDeque<>()).add(taken);
        } else {
            begin(taken);
        }
    }

    private void begin(Taken taken) {
        started.merge(taken.command.target(), 1, Integer::sum);
        taken.outcome = start.apply(taken.command);
    }

    boolean isEmpty() {
        return partitions.values().stream().allMatch(ArrayDeque::isEmpty);
    }

    int size() {
        return partitions.values().stream().mapToInt(ArrayDeque::size).sum();
    }

    /**
     * Removes and returns each partition's settled prefix; a partition stops at its first command still running,
     * parked, or left unsettled (leadership lost). Once the returned outcomes are committed, call
     * {@link #committed}.
     *
     * @throws InterruptedException if a lane was interrupted while applying
     */
    Settled takeSettled() throws InterruptedException {
        List<ScaleOutcome> outcomes = new ArrayList<>();
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        for (ArrayDeque<Taken> queue : partitions.values()) {
            while (!queue.isEmpty() && queue.peek().settled()) {
                Taken head = queue.peek();
                if (head.command != null) {
                    ScaleOutcome outcome = outcomeOf(head.outcome);
                    if (outcome == null) {
                        break;
                    }
                    outcomes.add(outcome);
                }
                queue.remove();
                offsets.put(head.partition, new OffsetAndMetadata(head.offset + 1));
            }
        }
        return new Settled(outcomes, offsets);
    }

    /** The settled commands are committed: their workloads have room again, and parked commands start. */
    void committed(Settled settled) {
        Set<TargetRef> workloads = new LinkedHashSet<>();
        for (ScaleOutcome outcome : settled.outcomes()) {
            started.computeIfPresent(outcome.target(), (w, n) -> n == 1 ? null : n - 1);
            workloads.add(outcome.target());
        }
        for (TargetRef workload : workloads) {
            ArrayDeque<Taken> waiting = parked.get(workload);
            if (waiting == null) {
                continue;
            }
            while (!waiting.isEmpty() && started.getOrDefault(workload, 0) < ScalePatch.REMEMBERED_COMMANDS) {
                begin(waiting.remove());
            }
            if (waiting.isEmpty()) {
                parked.remove(workload);
            }
        }
    }

    /** Waits until every started command has settled or been left unsettled; parked ones never start. */
    void awaitStarted() throws InterruptedException {
        CompletableFuture<?>[] running = partitions.values().stream()
                .flatMap(ArrayDeque::stream)
                .map(taken -> taken.outcome)
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
