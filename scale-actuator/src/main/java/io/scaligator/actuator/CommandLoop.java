package io.scaligator.actuator;

import io.scaligator.common.event.ScaleCommand;
import io.scaligator.common.event.ScaleOutcome;
import io.scaligator.common.kafka.KafkaDefaults;
import io.scaligator.common.serde.EventSerde;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
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
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                if (fenced(e)) {
                    LOG.warn("fenced by a newer leader's producer ({}); applying nothing more", e.getMessage());
                    return;
                }
                LOG.error(
                        "{} ({}); reopening the consumer and producer in {}",
                        e instanceof KafkaException ? "Kafka failed" : "the command loop failed",
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

    /**
     * Whether another producer with this transactional id took over, reported directly or as the cause. (An
     * InvalidProducerEpochException is not that: the coordinator aborted a transaction, and a new session recovers.)
     */
    private static boolean fenced(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof ProducerFencedException) {
                return true;
            }
        }
        return false;
    }

    /** One consumer+producer pair; returns when leadership ends, throws on Kafka failures. */
    private void session() throws InterruptedException {
        KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(kafka.consumer(clientId, groupAndTransactionalId));
        KafkaProducer<String, byte[]> producer = null;
        InFlight inFlight = new InFlight(command -> lanes.submit(command, this::active));
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
            Map<TopicPartition, ArrayDeque<Arrival>> waiting = new HashMap<>();
            partitions.forEach(p -> waiting.put(p, new ArrayDeque<>()));
            long nextCommit = System.nanoTime() + COMMIT_INTERVAL.toNanos();
            while (active()) {
                Duration untilCommit = Duration.ofNanos(Math.max(0, nextCommit - System.nanoTime()));
                for (ConsumerRecord<String, byte[]> record : consumer.poll(untilCommit)) {
                    TopicPartition partition = new TopicPartition(record.topic(), record.partition());
                    waiting.computeIfAbsent(partition, p -> new ArrayDeque<>())
                            .add(new Arrival(record.offset(), parse(record)));
                }
                take(waiting, inFlight);
                if (System.nanoTime() - nextCommit >= 0) {
                    commit(inFlight, consumer, producer);
                    nextCommit = System.nanoTime() + COMMIT_INTERVAL.toNanos();
                    take(waiting, inFlight);
                }
                // A partition at its bound fetches nothing more until a commit makes room; the others go on.
                List<TopicPartition> full = waiting.entrySet().stream()
                        .filter(e -> !e.getValue().isEmpty())
                        .map(Map.Entry::getKey)
                        .toList();
                consumer.resume(partitions);
                consumer.pause(full);
            }
            inFlight.awaitStarted();
            commit(inFlight, consumer, producer);
            if (!inFlight.isEmpty()) {
                LOG.warn(
                        "leadership lost with {} commands not settled or behind one that is not; leaving them to the "
                                + "next leader",
                        inFlight.size());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // closes at once below: the lanes are being stopped
            throw e;
        } catch (RuntimeException e) {
            if (fenced(e)) {
                running.set(false); // a newer leader's producer leads: the lanes patch nothing more
            }
            throw e;
        } finally {
            try {
                if (!Thread.currentThread().isInterrupted()) {
                    inFlight.awaitStarted(); // no lane of this session may still patch once the next one starts
                }
            } finally {
                Duration timeout = Duration.ofSeconds(5);
                try {
                    if (producer != null) {
                        producer.close(timeout);
                    }
                } finally {
                    consumer.close(timeout);
                    LOG.info("stopped leading: consumer and producer closed");
                }
            }
        }
    }

    /** A command read at its offset, waiting to be taken; null when the record is unreadable. */
    private record Arrival(long offset, ScaleCommand command) {}

    /** Takes each partition's waiting commands in record order, as far as its bound allows. */
    private static void take(Map<TopicPartition, ArrayDeque<Arrival>> waiting, InFlight inFlight) {
        waiting.forEach((partition, arrivals) -> {
            while (!arrivals.isEmpty() && inFlight.hasRoom(partition)) {
                Arrival next = arrivals.remove();
                inFlight.take(partition, next.offset(), next.command());
            }
        });
    }

    /**
     * Commits the settled outcomes with their offsets in one transaction, so each is visible exactly once; then
     * their workloads have room again for commands that wait.
     */
    private void commit(
            InFlight inFlight, KafkaConsumer<String, byte[]> consumer, KafkaProducer<String, byte[]> producer)
            throws InterruptedException {
        InFlight.Settled settled = inFlight.takeSettled();
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
        inFlight.committed(settled);
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
