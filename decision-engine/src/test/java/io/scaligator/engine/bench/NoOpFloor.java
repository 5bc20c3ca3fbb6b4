package io.scaligator.engine.bench;

import io.scaligator.common.kafka.Topics;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.processor.api.ContextualProcessor;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;

/**
 * The floor of this architecture for the engine's work: a Kafka Streams topology that reads the engine's inputs
 * (alerts and observations) and writes, for each input, what the engine wrote for it (a decision-sized record and,
 * where the engine issued a command, a command-sized one, from an {@link OutputPlan}) to two topics of its own,
 * and does nothing else: no deserialization, no state store, no evaluation. Run with the engine's own Streams
 * properties (exactly_once_v2, commit interval, producer batches), it is what any exactly-once engine on these
 * topics must at least spend.
 */
final class NoOpFloor {

    private static final String FORWARD = "forward";

    private NoOpFloor() {}

    /** The output topics, named after the engine's: {@code <prefix>floor-decisions}, {@code <prefix>floor-commands}. */
    static List<String> outputTopics(Topics topics) {
        return List.of(topics.prefix() + "floor-decisions", topics.prefix() + "floor-commands");
    }

    /** The topology; {@code processed} counts inputs and {@code first} keeps the nanoTime of the first. */
    static Topology build(Topics topics, OutputPlan plan, AtomicLong processed, AtomicLong first) {
        List<String> outputs = outputTopics(topics);
        Topology topology = new Topology();
        topology.addSource(
                "alerts", Serdes.ByteArray().deserializer(), Serdes.ByteArray().deserializer(), topics.alerts());
        topology.addSource(
                "observations",
                Serdes.ByteArray().deserializer(),
                Serdes.ByteArray().deserializer(),
                topics.observations());
        topology.addProcessor(FORWARD, () -> new Forward(plan, processed, first), "alerts", "observations");
        topology.addSink(
                "decisions",
                outputs.get(0),
                Serdes.ByteArray().serializer(),
                Serdes.ByteArray().serializer(),
                FORWARD);
        topology.addSink(
                "commands",
                outputs.get(1),
                Serdes.ByteArray().serializer(),
                Serdes.ByteArray().serializer(),
                FORWARD);
        return topology;
    }

    /** Forwards the planned outputs of each input, keyed and timestamped as the input (as the engine does). */
    private static final class Forward extends ContextualProcessor<byte[], byte[], byte[], byte[]> {

        private final OutputPlan plan;
        private final AtomicLong processed;
        private final AtomicLong first;

        Forward(OutputPlan plan, AtomicLong processed, AtomicLong first) {
            this.plan = plan;
            this.processed = processed;
            this.first = first;
        }

        @Override
        public void process(Record<byte[], byte[]> record) {
            if (processed.incrementAndGet() == 1) {
                first.set(System.nanoTime());
            }
            RecordMetadata in = context().recordMetadata().orElseThrow();
            byte[] decision = plan.decision(in.topic(), in.partition(), in.offset());
            if (decision != null) {
                context().forward(record.withValue(decision), "decisions");
            }
            byte[] command = plan.command(in.topic(), in.partition(), in.offset());
            if (command != null) {
                context().forward(record.withValue(command), "commands");
            }
        }
    }
}
