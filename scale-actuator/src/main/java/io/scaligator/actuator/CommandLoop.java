package io.scaligator.actuator;

import io.scaligator.common.event.ScaleCommand;
import io.scaligator.common.event.ScaleOutcome;
import io.scaligator.common.kafka.KafkaDefaults;
import io.scaligator.common.serde.EventSerde;
import io.scaligator.common.target.TargetRef;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.InvalidProducerEpochException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.SerializationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The leader's consume-apply-produce loop. Commands are started as they arrive, each in its workload's lane
 * ({@link ApplyLanes}). Every {@link #COMMIT_INTERVAL} whatever has settled (each partition's settled prefix, see
 * {@link InFlight}) is committed in one Kafka transaction with its consumed offsets, so an outcome is visible
 * (read_committed) exactly when its command is marked consumed, and one slow workload delays no other's scale.
 *
 * <p>All actuator instances share one transactional.id: when a new leader calls initTransactions, the broker
 * fences the previous leader's producer and aborts its open transaction, so a stale leader can never commit
 * outcomes or offsets. The consumer is assigned every partition (no group rebalance to wait for at failover);
 * the group only stores offsets.
 */
final class CommandLoop implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(CommandLoop.class);
    /**
     * How often what settled is committed: outcomes become visible up to this much after their command settled,
     * and one transaction carries them all (Kafka Streams' default for exactly-once). Taking commands never waits
     * for it, except for the commit itself.
     */
    private static final Duration COMMIT_INTERVAL = Duration.ofMillis(100);

    private static final Duration RETRY_AFTER_KAFKA_ERROR = Duration.ofSeconds(1);

    private final KafkaDefaults kafka;
    private final String commandsTopic;
    private final String outcomesTopic;
    private final String clientId;
    private final String groupAndTransactionalId;
    private final ApplyLanes lanes;
    private final ActuatorMetrics metrics;
    private final BooleanSupplier leader;
    private final Sleeper sleeper;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final EventSerde<ScaleCommand> commandSerde = EventSerde.of(ScaleCommand.class);
    private final EventSerde<ScaleOutcome> outcomeSerde = EventSerde.of(ScaleOutcome.class);

    CommandLoop(
            KafkaDefaults kafka,
            String commandsTopic,
            String outcomesTopic,
            String clientId,
            String groupAndTransactionalId,
            ApplyLanes lanes,
            ActuatorMetrics metrics,
            BooleanSupplier leader,
            Sleeper sleeper) {
        this.kafka = kafka;
        this.commandsTopic = commandsTopic;
        this.outcomesTopic = outcomesTopic;
        this.clientId = clientId;
        this.groupAndTransactionalId = groupAndTransactionalId;
        this.lanes = lanes;
        this.metrics = metrics;
        this.leader = leader;
        this.sleeper = sleeper;
    }

    /** Asks the loop to finish: it patches nothing more, commits what it completed and closes its clients. */
    void stop() {
        running.set(false);
    }

    private boolean active() {
        return running.get() && leader.getAsBoolean();
    }

    @Override
    public void run() {
        while (active()) {
            try {
                session();
            } catch (ProducerFencedException | InvalidProducerEpochException e) {
                LOG.warn("fenced by a newer leader's producer ({}); applying nothing more", e.getMessage());
                return;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (KafkaException e) {
                LOG.error(
                        "Kafka failed ({}); reopening the consumer and producer in {}",
                        e.getMessage(),
                        RETRY_AFTER_KAFKA_ERROR,
                        e);
                try {
                    sleeper.sleep(RETRY_AFTER_KAFKA_ERROR);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    /** One consumer+producer pair; returns when leadership ends, throws on Kafka failures. */
    private void session() throws InterruptedException {
        KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(kafka.consumer(clientId, groupAndTransactionalId));
        KafkaProducer<String, byte[]> producer = null;
        InFlight inFlight = new InFlight();
        try {
            producer = new KafkaProducer<>(kafka.transactionalProducer(clientId, groupAndTransactionalId));
            producer.initTransactions();
            List<TopicPartition> partitions = consumer.partitionsFor(commandsTopic).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition()))
                    .toList();
            consumer.assign(partitions);
            LOG.info(
                    "leading: consuming {} ({} partitions) as transactional id {}",
                    commandsTopic,
                    partitions.size(),
                    groupAndTransactionalId);
            ArrayDeque<Arrival> waiting = new ArrayDeque<>();
            long nextCommit = System.nanoTime() + COMMIT_INTERVAL.toNanos();
            while (active()) {
                Duration untilCommit = Duration.ofNanos(Math.max(0, nextCommit - System.nanoTime()));
                for (ConsumerRecord<String, byte[]> record : consumer.poll(untilCommit)) {
                    waiting.add(new Arrival(
                            new TopicPartition(record.topic(), record.partition()), record.offset(), parse(record)));
                }
                if (System.nanoTime() - nextCommit >= 0) {
                    commit(inFlight.takeSettled(), consumer, producer);
                    nextCommit = System.nanoTime() + COMMIT_INTERVAL.toNanos();
                }
                take(waiting, inFlight);
                // Taking stops at a command its workload or the bound cannot take yet: fetch nothing more meanwhile.
                if (waiting.isEmpty()) {
                    consumer.resume(partitions);
                } else {
                    consumer.pause(partitions);
                }
            }
            inFlight.awaitAll();
            commit(inFlight.takeSettled(), consumer, producer);
            if (!inFlight.isEmpty()) {
                LOG.warn(
                        "leadership lost with {} commands not settled or behind one that is not; leaving them to the "
                                + "next leader",
                        inFlight.size());
            }
        } finally {
            try {
                inFlight.awaitAll(); // no lane of this session may still patch once the next session starts
            } finally {
                Duration timeout = Duration.ofSeconds(5);
                if (producer != null) {
                    producer.close(timeout);
                }
                consumer.close(timeout);
                LOG.info("stopped leading: consumer and producer closed");
            }
        }
    }

    /** A command read from its partition, waiting to be taken; null when the record is unreadable. */
    private record Arrival(TopicPartition partition, long offset, ScaleCommand command) {}

    /** Starts the waiting commands in record order, as far as their workloads' lanes and the bound allow. */
    private void take(ArrayDeque<Arrival> waiting, InFlight inFlight) {
        while (!waiting.isEmpty()) {
            Arrival next = waiting.peek();
            TargetRef target = next.command() == null ? null : next.command().target();
            if (!inFlight.admits(target)) {
                return;
            }
            waiting.remove();
            CompletableFuture<ScaleOutcome> outcome =
                    next.command() == null ? null : lanes.submit(next.command(), this::active);
            inFlight.add(new InFlight.Taken(next.partition(), next.offset(), target, outcome));
        }
    }

    /** Commits the settled outcomes with their offsets in one transaction, so each is visible exactly once. */
    private void commit(
            InFlight.Settled settled, KafkaConsumer<String, byte[]> consumer, KafkaProducer<String, byte[]> producer) {
        if (settled.isEmpty()) {
            return;
        }
        producer.beginTransaction();
        for (ScaleOutcome outcome : settled.outcomes()) {
            producer.send(
                    new ProducerRecord<>(outcomesTopic, outcome.key(), outcomeSerde.serialize(outcomesTopic, outcome)));
        }
        producer.sendOffsetsToTransaction(settled.offsets(), consumer.groupMetadata());
        producer.commitTransaction();
        settled.outcomes().forEach(metrics::committed);
    }

    private ScaleCommand parse(ConsumerRecord<String, byte[]> record) {
        try {
            ScaleCommand command = commandSerde.deserialize(record.topic(), record.value());
            if (command == null) {
                LOG.warn(
                        "skipping empty record at {}-{}@{} (key {})",
                        record.topic(),
                        record.partition(),
                        record.offset(),
                        record.key());
            }
            return command;
        } catch (SerializationException | IllegalArgumentException e) {
            LOG.error(
                    "skipping unreadable command at {}-{}@{} (key {}): {}",
                    record.topic(),
                    record.partition(),
                    record.offset(),
                    record.key(),
                    e.getMessage());
            return null;
        }
    }
}
