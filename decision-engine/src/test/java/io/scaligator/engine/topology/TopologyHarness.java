package io.scaligator.engine.topology;

import io.scaligator.common.event.ScaligatorEvent;
import io.scaligator.common.kafka.Topics;
import io.scaligator.common.serde.EventJson;
import io.scaligator.engine.core.Policy;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.errors.LogAndContinueExceptionHandler;
import org.apache.kafka.streams.test.TestRecord;

/** A TopologyTestDriver around the engine topology with raw-byte input and output topics. */
final class TopologyHarness implements AutoCloseable {

    static final Topics TOPICS = new Topics("t.");
    /** The engine's default: an hour of record time between a target's checkpoints. */
    static final Duration CHECKPOINT_INTERVAL = Duration.ofHours(1);

    final TopologyTestDriver driver;
    final TestInputTopic<String, byte[]> alerts;
    final TestInputTopic<String, byte[]> observations;
    final TestOutputTopic<String, byte[]> decisions;
    final TestOutputTopic<String, byte[]> commands;
    final TestOutputTopic<String, byte[]> checkpoints;

    TopologyHarness(Policy policy) throws java.io.IOException {
        this(policy, InputCoordinates.AS_READ);
    }

    TopologyHarness(Policy policy, InputCoordinates coordinates) throws java.io.IOException {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "engine-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        props.put(
                StreamsConfig.STATE_DIR_CONFIG,
                Files.createTempDirectory("engine-ttd").toString());
        props.put(
                StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG,
                LogAndContinueExceptionHandler.class.getName());
        driver = new TopologyTestDriver(
                EngineTopology.build(policy, TOPICS, CHECKPOINT_INTERVAL, DecisionListener.NONE, coordinates),
                props,
                Instant.EPOCH);
        alerts = driver.createInputTopic(TOPICS.alerts(), new StringSerializer(), new ByteArraySerializer());
        observations =
                driver.createInputTopic(TOPICS.observations(), new StringSerializer(), new ByteArraySerializer());
        decisions = driver.createOutputTopic(TOPICS.decisions(), new StringDeserializer(), new ByteArrayDeserializer());
        commands = driver.createOutputTopic(TOPICS.commands(), new StringDeserializer(), new ByteArrayDeserializer());
        checkpoints =
                driver.createOutputTopic(TOPICS.checkpoints(), new StringDeserializer(), new ByteArrayDeserializer());
    }

    /** Pipes an event into its topic (alerts or observations), keyed and timestamped as the producers do. */
    void send(ScaligatorEvent event) {
        var topic = event instanceof io.scaligator.common.event.Observation ? observations : alerts;
        topic.pipeInput(new TestRecord<>(event.key(), EventJson.write(event), event.eventTime()));
    }

    static <T extends ScaligatorEvent> List<T> read(List<byte[]> values, Class<T> type) {
        return values.stream().map(v -> EventJson.read(v, type)).toList();
    }

    @Override
    public void close() {
        driver.close();
    }
}
