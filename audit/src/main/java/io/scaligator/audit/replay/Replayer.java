package io.scaligator.audit.replay;

import io.scaligator.audit.read.Recorded;
import io.scaligator.common.kafka.Topics;
import io.scaligator.engine.core.Policy;
import io.scaligator.engine.core.TargetState;
import io.scaligator.engine.topology.DecisionListener;
import io.scaligator.engine.topology.EngineTopology;
import io.scaligator.engine.topology.InputCoordinates;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.errors.LogAndContinueExceptionHandler;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.test.TestRecord;

/**
 * Re-runs recorded input records through the engine's own topology ({@link EngineTopology}) in a
 * TopologyTestDriver, with their recorded keys, values and timestamps. The driver reads every topic as partition 0
 * from offset 0, so each replayed record is mapped back to the coordinates it was recorded at
 * ({@link InputCoordinates}): the re-run derives the same decision and command ids. When the policy changes (the
 * engine was restarted with another config) the state is carried over into a driver with the new policy, as the
 * engine keeps its state across restarts. Targets re-run from a checkpoint start with the checkpoint's state.
 */
public final class Replayer implements AutoCloseable {

    /** One record the topology wrote. */
    public record Output(String key, long timestamp, byte[] value) {}

    /** What one input produced. */
    public record Produced(List<Output> decisions, List<Output> commands) {}

    /**
     * The re-run's own checkpoints are not read: the longest interval the engine allows keeps them fewest, and the
     * interval changes nothing else.
     */
    private static final Duration UNREAD_CHECKPOINTS = Duration.ofDays(7);

    private final Topics topics;
    private final Map<String, TargetState> startingStates;
    private final Map<String, List<InputCoordinates.Coordinates>> recordedAt = new HashMap<>();
    private TopologyTestDriver driver;
    private Path stateDir;
    private String policyVersion;
    private Map<String, TestInputTopic<String, byte[]>> inputs;
    private TestOutputTopic<String, byte[]> decisions;
    private TestOutputTopic<String, byte[]> commands;

    public Replayer(Topics topics) {
        this(topics, Map.of());
    }

    /** A re-run in which the targets in {@code startingStates} start with these states instead of none. */
    public Replayer(Topics topics, Map<String, TargetState> startingStates) {
        this.topics = topics;
        this.startingStates = Map.copyOf(startingStates);
    }

    /** Feeds one recorded input (alerts or observations) under {@code policy}; returns its outputs. */
    public Produced replay(Recorded input, Policy policy) {
        if (!policy.version().equals(policyVersion)) {
            switchTo(policy);
        }
        TestInputTopic<String, byte[]> topic = inputs.get(input.topic());
        if (topic == null) {
            throw new IllegalArgumentException(input.topic() + " is not an input of the engine");
        }
        recordedAt
                .get(input.topic())
                .add(new InputCoordinates.Coordinates(input.topic(), input.partition(), input.offset()));
        topic.pipeInput(new TestRecord<>(input.key(), input.value(), null, Instant.ofEpochMilli(input.timestamp())));
        return new Produced(outputs(decisions), outputs(commands));
    }

    private static List<Output> outputs(TestOutputTopic<String, byte[]> topic) {
        List<Output> out = new ArrayList<>();
        for (TestRecord<String, byte[]> r : topic.readRecordsToList()) {
            out.add(new Output(r.key(), r.timestamp(), r.value()));
        }
        return out;
    }

    private void switchTo(Policy policy) {
        Map<String, TargetState> state = new HashMap<>(driver == null ? startingStates : Map.of());
        if (driver != null) {
            KeyValueStore<String, TargetState> store = driver.getKeyValueStore(EngineTopology.STATE_STORE);
            try (KeyValueIterator<String, TargetState> all = store.all()) {
                all.forEachRemaining(kv -> state.put(kv.key, kv.value));
            }
            closeDriver();
        }
        recordedAt.put(topics.alerts(), new ArrayList<>());
        recordedAt.put(topics.observations(), new ArrayList<>());
        // the driver reads partition 0 from offset 0: replayed offset n is the n-th record piped into that topic
        InputCoordinates original =
                (topic, partition, offset) -> recordedAt.get(topic).get((int) offset);
        driver = new TopologyTestDriver(
                EngineTopology.build(policy, topics, UNREAD_CHECKPOINTS, DecisionListener.NONE, original),
                properties(),
                Instant.EPOCH);
        KeyValueStore<String, TargetState> store = driver.getKeyValueStore(EngineTopology.STATE_STORE);
        state.forEach(store::put);
        policyVersion = policy.version();
        inputs = Map.of(
                topics.alerts(),
                        driver.createInputTopic(topics.alerts(), new StringSerializer(), new ByteArraySerializer()),
                topics.observations(),
                        driver.createInputTopic(
                                topics.observations(), new StringSerializer(), new ByteArraySerializer()));
        decisions = driver.createOutputTopic(topics.decisions(), new StringDeserializer(), new ByteArrayDeserializer());
        commands = driver.createOutputTopic(topics.commands(), new StringDeserializer(), new ByteArrayDeserializer());
    }

    /** The engine's own settings where they matter to the outputs: bad input records are skipped, as in the service. */
    private Properties properties() {
        try {
            stateDir = Files.createTempDirectory("scaligator-audit-replay");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a state directory for the re-run", e);
        }
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "scaligator-audit-replay");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "replay.invalid:9092");
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        props.put(
                StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG,
                LogAndContinueExceptionHandler.class.getName());
        return props;
    }

    private void closeDriver() {
        driver.close();
        driver = null;
        try (Stream<Path> files = Files.walk(stateDir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a leftover temp directory is harmless
        }
    }

    @Override
    public void close() {
        if (driver != null) {
            closeDriver();
        }
    }
}
