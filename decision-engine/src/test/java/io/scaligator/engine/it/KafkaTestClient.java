package io.scaligator.engine.it;

import io.scaligator.common.event.ScaligatorEvent;
import io.scaligator.common.kafka.KafkaDefaults;
import io.scaligator.common.serde.EventJson;
import io.scaligator.testkit.CommittedRecords;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;

/** Producing inputs and reading outputs on the real broker, for the engine's ITs and its benchmark. */
public final class KafkaTestClient {

    private final KafkaDefaults kafka;

    public KafkaTestClient(String bootstrapServers) {
        this.kafka = new KafkaDefaults(bootstrapServers, Map.of());
    }

    public KafkaDefaults defaults() {
        return kafka;
    }

    /** Sends every event keyed by its target, batched for speed; returns where each one landed. */
    public List<RecordMetadata> produce(String topic, List<? extends ScaligatorEvent> events) {
        return produce(topic, events, 0);
    }

    /**
     * Sends every event keyed by its target at about {@code perSecond} events a second (0: as fast as it can), as a
     * steady load; returns where each one landed.
     */
    public List<RecordMetadata> produce(String topic, List<? extends ScaligatorEvent> events, int perSecond) {
        Map<String, Object> props = kafka.producer("it-producer");
        props.put(ProducerConfig.LINGER_MS_CONFIG, perSecond == 0 ? 20 : 5);
        props.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
        List<Future<RecordMetadata>> sent = new ArrayList<>(events.size());
        long start = System.nanoTime();
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(props)) {
            for (ScaligatorEvent e : events) {
                if (perSecond > 0) {
                    long due = start + sent.size() * 1_000_000_000L / perSecond;
                    TimeUnit.NANOSECONDS.sleep(due - System.nanoTime());
                }
                sent.add(producer.send(
                        new ProducerRecord<>(topic, null, e.eventTime().toEpochMilli(), e.key(), EventJson.write(e))));
            }
            producer.flush();
            List<RecordMetadata> result = new ArrayList<>(sent.size());
            for (Future<RecordMetadata> f : sent) {
                result.add(f.get());
            }
            return result;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("produce failed: " + e.getCause(), e.getCause());
        }
    }

    /** Every committed record of a topic, from the beginning to its current end (read_committed). */
    public List<ConsumerRecord<String, byte[]>> readAll(String topic) {
        return CommittedRecords.readAll(kafka.bootstrapServers(), topic, Duration.ofMinutes(2));
    }

    /** How many input records the consumer group has not committed yet, over the given topics. */
    public long lag(String groupId, List<String> topics) {
        try (Admin admin = Admin.create(kafka.admin("it-admin"))) {
            return lag(admin, groupId, topics);
        }
    }

    /**
     * The partitions of {@code topic} each member of a consumer group holds now, by the member's client id; a Kafka
     * Streams instance's main consumer is {@code <client.id>-StreamThread-<n>-consumer}.
     */
    public Map<String, Set<Integer>> assignment(String groupId, String topic) {
        try (Admin admin = Admin.create(kafka.admin("it-admin"))) {
            ConsumerGroupDescription group = admin.describeConsumerGroups(List.of(groupId))
                    .describedGroups()
                    .get(groupId)
                    .get();
            Map<String, Set<Integer>> held = new TreeMap<>();
            for (MemberDescription member : group.members()) {
                held.put(
                        member.clientId(),
                        member.assignment().topicPartitions().stream()
                                .filter(p -> p.topic().equals(topic))
                                .map(TopicPartition::partition)
                                .collect(Collectors.toCollection(TreeSet::new)));
            }
            return held;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot describe group " + groupId + ": " + e.getCause(), e.getCause());
        }
    }

    /** {@link #lag(String, List)} through an admin client the caller keeps open across checks. */
    public static long lag(Admin admin, String groupId, List<String> topics) {
        try {
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(groupId)
                    .partitionsToOffsetAndMetadata()
                    .get();
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            for (String topic : topics) {
                admin.describeTopics(List.of(topic))
                        .allTopicNames()
                        .get()
                        .get(topic)
                        .partitions()
                        .forEach(p -> latest.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest()));
            }
            long lag = 0;
            for (var e : admin.listOffsets(latest).all().get().entrySet()) {
                OffsetAndMetadata c = committed.get(e.getKey());
                lag += e.getValue().offset() - (c == null ? 0 : c.offset());
            }
            return lag;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot read offsets: " + e.getCause(), e.getCause());
        }
    }
}
