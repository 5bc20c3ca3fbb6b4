package io.scaligator.local.bench;

import io.scaligator.common.event.Decision;
import io.scaligator.common.event.ScaleCommand;
import io.scaligator.common.event.ScaleOutcome;
import io.scaligator.common.kafka.KafkaDefaults;
import io.scaligator.common.kafka.Topics;
import io.scaligator.common.serde.EventSerde;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;

/**
 * Reads decisions, commands and outcomes (read_committed, as the actuator and the audit do) while the benchmark
 * runs, so each alert's time can be split into stages: when its command became visible to a consumer (the
 * engine's transaction committed), when the actuator took it and when its outcome completed.
 */
final class StageRecorder implements AutoCloseable {

    /**
     * What the benchmark needs of a decision. Only this is kept: a whole decision carries a recommendation per
     * active alert, and keeping tens of thousands of them would weigh on the JVM that is being measured.
     */
    record SeenDecision(Decision.Result result, String rule) {
    }

    /** A command as first seen by a read_committed consumer. */
    record SeenCommand(String id, long visibleNanos) {
    }

    private final Topics topics;
    private final Targets targets;
    private final KafkaConsumer<String, byte[]> consumer;
    private final Thread thread;
    private final EventSerde<Decision> decisions = EventSerde.of(Decision.class);
    private final EventSerde<ScaleCommand> commands = EventSerde.of(ScaleCommand.class);
    private final EventSerde<ScaleOutcome> outcomes = EventSerde.of(ScaleOutcome.class);
    private final Map<String, SeenDecision> decisionByInput = new ConcurrentHashMap<>();
    private final Map<Long, SeenCommand> commandByTargetAndReplicas = new ConcurrentHashMap<>();
    private final Map<String, ScaleOutcome> outcomeByCommand = new ConcurrentHashMap<>();

    StageRecorder(KafkaDefaults kafka, Topics topics, Targets targets) {
        this.topics = topics;
        this.targets = targets;
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
            decisionByInput.putIfAbsent(d.input().eventId(), new SeenDecision(d.result(), d.rule()));
        } else if (r.topic().equals(topics.commands())) {
            ScaleCommand c = commands.deserialize(r.topic(), r.value());
            int index = c.target().namespace().equals(targets.namespace()) ? targets.indexOf(c.target().name()) : -1;
            if (index >= 0) {
                commandByTargetAndReplicas.putIfAbsent(key(index, c.toReplicas()), new SeenCommand(c.id(), now));
            }
        } else {
            ScaleOutcome o = outcomes.deserialize(r.topic(), r.value());
            outcomeByCommand.putIfAbsent(o.commandId(), o);
        }
    }

    private static long key(int index, int replicas) {
        return ((long) index << 32) | replicas;
    }

    /** The decision made for the input event (alert id), or null if none was seen. */
    SeenDecision decisionFor(String eventId) {
        return decisionByInput.get(eventId);
    }

    /** The first command seen that scales the target to exactly {@code replicas}, or null. */
    SeenCommand commandFor(int index, int replicas) {
        return commandByTargetAndReplicas.get(key(index, replicas));
    }

    ScaleOutcome outcomeFor(String commandId) {
        return outcomeByCommand.get(commandId);
    }

    @Override
    public void close() throws InterruptedException {
        consumer.wakeup();
        thread.join();
    }
}
