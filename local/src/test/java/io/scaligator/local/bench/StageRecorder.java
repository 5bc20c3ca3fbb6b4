package io.scaligator.local.bench;

import io.scaligator.common.event.Decision;
import io.scaligator.common.event.ScaleCommand;
import io.scaligator.common.event.ScaleOutcome;
import io.scaligator.common.kafka.KafkaDefaults;
import io.scaligator.common.kafka.Topics;
import io.scaligator.common.serde.EventSerde;
import io.scaligator.common.target.TargetRef;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;

/**
 * Reads decisions, commands and outcomes (read_committed, as the actuator and the audit do) while the benchmark
 * runs, so each alert's time can be split into stages: when its command became visible to a consumer (the
 * engine's transaction committed), when the actuator took it and when its outcome completed. Every alert asks for
 * one replica count of one target, so the stages are kept by (target, replicas) in arrays allocated up front: the
 * records themselves are not kept, or tens of thousands of them would weigh on the JVM that is being measured.
 */
final class StageRecorder implements AutoCloseable {

    /** What the benchmark needs of a decision that did not scale on an alert, or was made on anything else. */
    record SeenDecision(Decision.Result result, String rule) {}

    /** What a command's outcome said: its status and message. */
    record SeenOutcome(ScaleOutcome.Status status, String message) {}

    private final Topics topics;
    private final Targets targets;
    private final KafkaConsumer<String, byte[]> consumer;
    private final Thread thread;
    private final EventSerde<Decision> decisions = EventSerde.of(Decision.class);
    private final EventSerde<ScaleCommand> commands = EventSerde.of(ScaleCommand.class);
    private final EventSerde<ScaleOutcome> outcomes = EventSerde.of(ScaleOutcome.class);
    /** Scale decisions on alerts, by (target, desired replicas): when they became visible. */
    private final ReplicaTimes scaleDecided;
    /** Every other decision (holds, refusals, decisions on observations), by input event id: few. */
    private final Map<String, SeenDecision> otherDecisions = new ConcurrentHashMap<>();
    /** Commands by (target, replicas): when they became visible. */
    private final ReplicaTimes commandVisible;
    /** Outcomes by (target, requested replicas): when the actuator took the command, and when it completed. */
    private final ReplicaTimes outcomeTaken;

    private final ReplicaTimes outcomeCompleted;
    /** Outcomes other than applied, by {@link #key}: few. */
    private final Map<Long, SeenOutcome> notApplied = new ConcurrentHashMap<>();

    /** Records the stages of alerts that ask for up to {@code maxReplicas} replicas. */
    StageRecorder(KafkaDefaults kafka, Topics topics, Targets targets, int maxReplicas) {
        this.topics = topics;
        this.targets = targets;
        scaleDecided = new ReplicaTimes(targets.count(), maxReplicas);
        commandVisible = new ReplicaTimes(targets.count(), maxReplicas);
        outcomeTaken = new ReplicaTimes(targets.count(), maxReplicas);
        outcomeCompleted = new ReplicaTimes(targets.count(), maxReplicas);
        consumer = new KafkaConsumer<>(kafka.groupLessConsumer("bench-stages"));
        List<TopicPartition> partitions = new ArrayList<>();
        for (String topic : List.of(topics.decisions(), topics.commands(), topics.outcomes())) {
            consumer.partitionsFor(topic).forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
        }
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        partitions.forEach(consumer::position);
        thread = new Thread(this::loop, "bench-stages");
        thread.start();
    }

    private void loop() {
        try {
            while (!Thread.currentThread().isInterrupted()) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(100))) {
                    record(r, System.nanoTime());
                }
            }
        } catch (WakeupException e) {
            // close() asked the loop to end
        } finally {
            consumer.close(Duration.ZERO);
        }
    }

    private void record(ConsumerRecord<String, byte[]> r, long now) {
        if (r.topic().equals(topics.decisions())) {
            Decision d = decisions.deserialize(r.topic(), r.value());
            int index = indexOf(d.target());
            if (index >= 0
                    && d.result() == Decision.Result.SCALE
                    && d.input().topic().equals(topics.alerts())) {
                scaleDecided.recordFirst(index, d.desiredReplicas(), now);
            } else {
                otherDecisions.putIfAbsent(d.input().eventId(), new SeenDecision(d.result(), d.rule()));
            }
        } else if (r.topic().equals(topics.commands())) {
            ScaleCommand c = commands.deserialize(r.topic(), r.value());
            int index = indexOf(c.target());
            if (index >= 0) {
                commandVisible.recordFirst(index, c.toReplicas(), now);
            }
        } else {
            ScaleOutcome o = outcomes.deserialize(r.topic(), r.value());
            int index = indexOf(o.target());
            if (index >= 0) {
                long completed = Nanos.of(o.completedAt());
                outcomeTaken.recordFirst(
                        index, o.requestedReplicas(), completed - TimeUnit.MILLISECONDS.toNanos(o.durationMillis()));
                outcomeCompleted.recordFirst(index, o.requestedReplicas(), completed);
                if (o.status() != ScaleOutcome.Status.APPLIED) {
                    notApplied.putIfAbsent(key(index, o.requestedReplicas()), new SeenOutcome(o.status(), o.message()));
                }
            }
        }
    }

    private int indexOf(TargetRef target) {
        return target.namespace().equals(targets.namespace()) ? targets.indexOf(target.name()) : -1;
    }

    private static long key(int index, int replicas) {
        return ((long) index << 32) | replicas;
    }

    /** Whether a decision to scale the target to {@code replicas} on an alert was seen. */
    boolean scaleDecidedFor(int index, int replicas) {
        return scaleDecided.get(index, replicas) != ReplicaTimes.NONE;
    }

    /** The decision made on the input event (alert or observation id) unless it scaled on an alert, or null. */
    SeenDecision otherDecisionFor(String eventId) {
        return otherDecisions.get(eventId);
    }

    /** When the first command that scales the target to exactly {@code replicas} became visible, or NONE. */
    long commandVisible(int index, int replicas) {
        return commandVisible.get(index, replicas);
    }

    /** When the actuator took the first command to {@code replicas} (its outcome's completion less its duration). */
    long outcomeTaken(int index, int replicas) {
        return outcomeTaken.get(index, replicas);
    }

    /** When the first outcome of a command to {@code replicas} completed, or NONE. */
    long outcomeCompleted(int index, int replicas) {
        return outcomeCompleted.get(index, replicas);
    }

    /** The outcome of the command to {@code replicas} if it was not applied, or null. */
    SeenOutcome notAppliedOutcome(int index, int replicas) {
        return notApplied.get(key(index, replicas));
    }

    @Override
    public void close() throws InterruptedException {
        consumer.wakeup();
        thread.join();
    }
}
