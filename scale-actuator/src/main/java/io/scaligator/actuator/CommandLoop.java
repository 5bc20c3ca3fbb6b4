package io.scaligator.actuator;

import io.scaligator.actuator.kube.ScalePatch;
import io.scaligator.common.event.ScaleCommand;
import io.scaligator.common.event.ScaleOutcome;
import io.scaligator.common.kafka.KafkaDefaults;
import io.scaligator.common.serde.EventSerde;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
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
 * The leader's consume-apply-produce loop: per poll batch, one Kafka transaction holds the batch's outcomes and
 * its consumed offsets, so an outcome is visible (read_committed) exactly when its command is marked consumed.
 *
 * <p>All actuator instances share one transactional.id: when a new leader calls initTransactions, the broker
 * fences the previous leader's producer and aborts its open transaction, so a stale leader can never commit
 * outcomes or offsets. The consumer is assigned every partition (no group rebalance to wait for at failover);
 * the group only stores offsets.
 */
final class CommandLoop implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(CommandLoop.class);
    private static final Duration POLL = Duration.ofMillis(200);
    private static final Duration RETRY_AFTER_KAFKA_ERROR = Duration.ofSeconds(1);

    private final KafkaDefaults kafka;
    private final String commandsTopic;
    private final String outcomesTopic;
    private final String clientId;
    private final String groupAndTransactionalId;
    private final BatchApplier batch;
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
            BatchApplier batch,
            ActuatorMetrics metrics,
            BooleanSupplier leader,
            Sleeper sleeper) {
        this.kafka = kafka;
        this.commandsTopic = commandsTopic;
        this.outcomesTopic = outcomesTopic;
        this.clientId = clientId;
        this.groupAndTransactionalId = groupAndTransactionalId;
        this.batch = batch;
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
        Map<String, Object> consumerProps = kafka.consumer(clientId, groupAndTransactionalId);
        // A batch is one transaction; workloads remember this many applied ids, so a batch re-delivered after a
        // failover is recognised as already applied rather than stale.
        consumerProps.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, ScalePatch.REMEMBERED_COMMANDS);
        KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(consumerProps);
        KafkaProducer<String, byte[]> producer = null;
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
            while (active()) {
                ConsumerRecords<String, byte[]> records = consumer.poll(POLL);
                if (!records.isEmpty()) {
                    processBatch(records, consumer, producer);
                }
            }
        } finally {
            Duration timeout = Duration.ofSeconds(5);
            if (producer != null) {
                producer.close(timeout);
            }
            consumer.close(timeout);
            LOG.info("stopped leading: consumer and producer closed");
        }
    }

    /**
     * Applies the batch and commits its outcomes with its offsets. If leadership is lost mid-batch, each
     * partition's records up to its first unsettled command are committed, the rest are left to the next leader.
     */
    private void processBatch(
            ConsumerRecords<String, byte[]> records,
            KafkaConsumer<String, byte[]> consumer,
            KafkaProducer<String, byte[]> producer)
            throws InterruptedException {
        List<ConsumerRecord<String, byte[]>> inOrder = new ArrayList<>(records.count());
        List<ScaleCommand> commands = new ArrayList<>(records.count());
        for (ConsumerRecord<String, byte[]> record : records) {
            inOrder.add(record);
            commands.add(parse(record));
        }
        List<ScaleCommand> readable = commands.stream().filter(Objects::nonNull).toList();
        ScaleOutcome[] settled = batch.apply(readable, this::active);
        producer.beginTransaction();
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        Set<TopicPartition> unsettled = new HashSet<>();
        List<ScaleOutcome> outcomes = new ArrayList<>();
        int next = 0;
        for (int i = 0; i < inOrder.size(); i++) {
            ConsumerRecord<String, byte[]> record = inOrder.get(i);
            TopicPartition partition = new TopicPartition(record.topic(), record.partition());
            ScaleOutcome outcome = commands.get(i) == null ? null : settled[next++];
            if (commands.get(i) != null && outcome == null) {
                unsettled.add(partition);
            }
            if (unsettled.contains(partition)) {
                continue;
            }
            if (outcome != null) {
                producer.send(new ProducerRecord<>(
                        outcomesTopic, outcome.key(), outcomeSerde.serialize(outcomesTopic, outcome)));
                outcomes.add(outcome);
            }
            offsets.put(partition, new OffsetAndMetadata(record.offset() + 1));
        }
        if (!unsettled.isEmpty()) {
            LOG.warn(
                    "leadership lost mid-batch; committing the {} outcomes settled before it, leaving {} to the "
                            + "next leader",
                    outcomes.size(),
                    readable.size() - outcomes.size());
        }
        if (!offsets.isEmpty()) {
            producer.sendOffsetsToTransaction(offsets, consumer.groupMetadata());
        }
        producer.commitTransaction();
        outcomes.forEach(metrics::committed);
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
