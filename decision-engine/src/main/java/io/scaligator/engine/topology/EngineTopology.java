package io.scaligator.engine.topology;

import io.scaligator.common.event.AlertSignal;
import io.scaligator.common.event.Observation;
import io.scaligator.common.kafka.Topics;
import io.scaligator.common.serde.EventSerde;
import io.scaligator.engine.core.Policy;
import java.time.Duration;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.state.Stores;

/**
 * The engine's topology: alerts and observations (co-partitioned, keyed by target) into one processor with a
 * changelogged per-target state store (and the target's last decision, which the explain API reads), out to
 * decisions, commands and, once per checkpoint interval of record time per target, checkpoints; and the alert index
 * (keyed by fingerprint),
 * which maps resolves the receiver could not map back to their target through the alerts topic. Built from a policy,
 * topic names and the checkpoint interval alone, so the service and the audit tool run exactly the same thing.
 */
public final class EngineTopology {

    public static final String STATE_STORE = "target-state";
    /**
     * The last decision per target, as the JSON written to the decisions topic, for the explain API. Kept in memory
     * and not changelogged (no disk or Kafka traffic; the decisions topic is the durable record): after a restart or
     * a task move, a target shows its last decision again from its next input.
     */
    public static final String LAST_DECISION_STORE = "last-decision";

    /** Per target, the checkpoint interval (record time / interval) of its last checkpoint. */
    static final String CHECKPOINT_PERIOD_STORE = "checkpoint-period";

    static final String ALERT_INDEX_STORE = "alert-index";
    static final String CHECKPOINTS_SINK = "checkpoints";
    static final String DECISIONS_SINK = "decisions";
    static final String COMMANDS_SINK = "commands";
    static final String ALERT_INDEX_SINK = "to-alert-index";
    private static final String EVALUATE = "evaluate";
    private static final String INDEX = "alert-index";

    private EngineTopology() {}

    public static Topology build(Policy policy, Topics topics, Duration checkpointInterval) {
        return build(policy, topics, checkpointInterval, DecisionListener.NONE);
    }

    public static Topology build(Policy policy, Topics topics, Duration checkpointInterval, DecisionListener listener) {
        return build(policy, topics, checkpointInterval, listener, InputCoordinates.AS_READ);
    }

    /**
     * The topology with the input coordinates taken from {@code coordinates}: only for re-running recorded records
     * outside Kafka (the audit tool), where the replayed records must keep the ids they were decided with.
     */
    public static Topology build(
            Policy policy,
            Topics topics,
            Duration checkpointInterval,
            DecisionListener listener,
            InputCoordinates coordinates) {
        Topology topology = new Topology();
        topology.addSource("alerts", Serdes.String().deserializer(), EventSerde.of(AlertSignal.class), topics.alerts());
        topology.addSource(
                "observations",
                Serdes.String().deserializer(),
                EventSerde.of(Observation.class),
                topics.observations());
        topology.addProcessor(
                EVALUATE,
                () -> new EvaluateProcessor(policy, listener, coordinates, checkpointInterval),
                "alerts",
                "observations");
        topology.addStateStore(
                Stores.keyValueStoreBuilder(
                                Stores.persistentKeyValueStore(STATE_STORE), Serdes.String(), new TargetStateSerde())
                        .withCachingDisabled(),
                EVALUATE);
        topology.addStateStore(
                Stores.keyValueStoreBuilder(
                                Stores.inMemoryKeyValueStore(LAST_DECISION_STORE), Serdes.String(), Serdes.ByteArray())
                        .withLoggingDisabled(),
                EVALUATE);
        topology.addStateStore(
                Stores.keyValueStoreBuilder(
                                Stores.persistentKeyValueStore(CHECKPOINT_PERIOD_STORE), Serdes.String(), Serdes.Long())
                        .withCachingDisabled(),
                EVALUATE);
        topology.addSink(
                DECISIONS_SINK,
                topics.decisions(),
                Serdes.String().serializer(),
                Serdes.ByteArray().serializer(),
                EVALUATE);
        topology.addSink(COMMANDS_SINK, topics.commands(), Serdes.String().serializer(), EventSerde.any(), EVALUATE);
        topology.addSink(
                CHECKPOINTS_SINK,
                topics.checkpoints(),
                Serdes.String().serializer(),
                CheckpointCodec.serializer(),
                EVALUATE);
        topology.addSink(
                ALERT_INDEX_SINK, topics.alertIndex(), Serdes.String().serializer(), EventSerde.any(), EVALUATE);
        topology.addSource(
                "alert-index-in",
                Serdes.String().deserializer(),
                EventSerde.of(AlertSignal.class),
                topics.alertIndex());
        topology.addProcessor(INDEX, AlertIndexProcessor::new, "alert-index-in");
        topology.addStateStore(
                Stores.keyValueStoreBuilder(
                                Stores.persistentKeyValueStore(ALERT_INDEX_STORE), Serdes.String(), Serdes.String())
                        .withCachingDisabled(),
                INDEX);
        topology.addSink("remapped-alerts", topics.alerts(), Serdes.String().serializer(), EventSerde.any(), INDEX);
        return topology;
    }
}
