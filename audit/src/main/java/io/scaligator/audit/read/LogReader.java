package io.scaligator.audit.read;

import io.scaligator.audit.AuditException;
import io.scaligator.common.event.ScaligatorEvent;
import io.scaligator.common.kafka.KafkaDefaults;
import io.scaligator.common.serde.EventFormatException;
import io.scaligator.common.serde.EventJson;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;

/**
 * Reads committed records of whole topics, safe against a live system: a group-less consumer (assign + seek,
 * never joins a group, never commits), read_committed, no topic auto-creation. The range's offsets come from
 * {@code offsetsForTimes}, its end is fixed when the read starts, and records are kept only if their timestamp is
 * inside the range. Long reads report progress on stderr.
 */
public final class LogReader {

    private static final Duration POLL = Duration.ofMillis(500);
    private static final Duration METADATA_TIMEOUT = Duration.ofSeconds(30);
    private static final long PROGRESS_EVERY_MILLIS = 2000;

    private final KafkaDefaults kafka;
    private final PrintStream progress;
    private final Clock clock;

    public LogReader(KafkaDefaults kafka, PrintStream progress, Clock clock) {
        this.kafka = kafka;
        this.progress = progress;
        this.clock = clock;
    }

    /**
     * What was read: the records whose key passed the filter, in partition + offset order per topic, and every key
     * seen, and what each partition still holds.
     */
    public record Result(List<Recorded> records, Set<String> keysSeen, long recordsRead, Retained retained) {}

    /** Reads {@code topics} within {@code range}, keeping records whose key passes {@code keep}. */
    public Result read(Collection<String> topics, TimeRange range, Predicate<String> keep) {
        Map<String, Object> props = kafka.groupLessConsumer("scaligator-audit");
        props.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000);
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(props)) {
            List<TopicPartition> partitions = partitionsOf(consumer, topics);
            Map<TopicPartition, Long> start = offsets(consumer, partitions, range.since(), true);
            Map<TopicPartition, Long> end = offsets(consumer, partitions, range.until(), false);
            Map<TopicPartition, Long> beginnings = consumer.beginningOffsets(partitions, METADATA_TIMEOUT);
            consumer.assign(partitions);
            long total = 0;
            for (TopicPartition tp : partitions) {
                consumer.seek(tp, start.get(tp));
                total += Math.max(0, end.get(tp) - start.get(tp));
            }
            return poll(consumer, partitions, beginnings, end, total, range, keep);
        } catch (TimeoutException e) {
            throw new AuditException("Kafka at " + kafka.bootstrapServers() + " did not answer: " + e.getMessage());
        }
    }

    private Result poll(
            KafkaConsumer<String, byte[]> consumer,
            List<TopicPartition> partitions,
            Map<TopicPartition, Long> beginnings,
            Map<TopicPartition, Long> end,
            long total,
            TimeRange range,
            Predicate<String> keep) {
        Map<TopicPartition, List<Recorded>> byPartition = new HashMap<>();
        Set<String> keys = new TreeSet<>();
        Map<TopicPartition, ConsumerRecord<String, byte[]>> first = new HashMap<>();
        List<TopicPartition> open = new ArrayList<>(partitions.stream()
                .filter(tp -> consumer.position(tp) < end.get(tp))
                .toList());
        long read = 0;
        long started = clock.millis();
        long lastReport = started;
        while (!open.isEmpty()) {
            for (ConsumerRecord<String, byte[]> r : consumer.poll(POLL)) {
                TopicPartition tp = new TopicPartition(r.topic(), r.partition());
                if (r.offset() >= end.get(tp)) {
                    continue;
                }
                read++;
                first.putIfAbsent(tp, r);
                if (r.key() != null) {
                    keys.add(r.key());
                }
                if (range.contains(r.timestamp()) && keep.test(r.key())) {
                    byPartition
                            .computeIfAbsent(tp, k -> new ArrayList<>())
                            .add(new Recorded(
                                    r.topic(),
                                    r.partition(),
                                    r.offset(),
                                    r.timestamp(),
                                    r.key(),
                                    r.value(),
                                    parse(r.value())));
                }
            }
            open.removeIf(tp -> consumer.position(tp) >= end.get(tp));
            long now = clock.millis();
            if (now - lastReport >= PROGRESS_EVERY_MILLIS) {
                lastReport = now;
                report(read, total, now - started);
            }
        }
        if (clock.millis() - started >= PROGRESS_EVERY_MILLIS) {
            report(read, total, clock.millis() - started);
        }
        List<Recorded> records = new ArrayList<>();
        List<Retained.Partition> retained = new ArrayList<>();
        for (TopicPartition tp : partitions) {
            records.addAll(byPartition.getOrDefault(tp, List.of()));
            ConsumerRecord<String, byte[]> r = first.get(tp);
            retained.add(new Retained.Partition(
                    tp.topic(), tp.partition(), beginnings.get(tp), r == null ? null : r.timestamp()));
        }
        return new Result(records, keys, read, Retained.of(retained));
    }

    private void report(long read, long total, long elapsedMillis) {
        long perSecond = elapsedMillis == 0 ? read : read * 1000 / elapsedMillis;
        long share = total == 0 ? 100 : Math.min(100, read * 100 / total);
        progress.printf("audit: read %,d of %,d records (%d%%), %,d records/s%n", read, total, share, perSecond);
    }

    private static ScaligatorEvent parse(byte[] value) {
        if (value == null) {
            return null;
        }
        try {
            return EventJson.read(value, ScaligatorEvent.class);
        } catch (EventFormatException e) {
            return null;
        }
    }

    private List<TopicPartition> partitionsOf(KafkaConsumer<String, byte[]> consumer, Collection<String> topics) {
        Map<String, List<PartitionInfo>> existing = consumer.listTopics(METADATA_TIMEOUT);
        List<TopicPartition> partitions = new ArrayList<>();
        for (String topic : topics) {
            List<PartitionInfo> infos = existing.get(topic);
            if (infos == null || infos.isEmpty()) {
                throw new AuditException("topic '" + topic + "' does not exist on " + kafka.bootstrapServers()
                        + " (check --bootstrap-servers and --topic-prefix)");
            }
            infos.stream()
                    .map(p -> new TopicPartition(topic, p.partition()))
                    .sorted(java.util.Comparator.comparingInt(TopicPartition::partition))
                    .forEach(partitions::add);
        }
        return partitions;
    }

    /** The first offset at or after {@code time} per partition; no time: the beginning (start) or the end. */
    private static Map<TopicPartition, Long> offsets(
            KafkaConsumer<String, byte[]> consumer,
            List<TopicPartition> partitions,
            java.time.Instant time,
            boolean start) {
        Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, METADATA_TIMEOUT);
        if (time == null) {
            return start ? consumer.beginningOffsets(partitions, METADATA_TIMEOUT) : ends;
        }
        Map<TopicPartition, Long> query = new HashMap<>();
        partitions.forEach(tp -> query.put(tp, time.toEpochMilli()));
        Map<TopicPartition, OffsetAndTimestamp> found = consumer.offsetsForTimes(query, METADATA_TIMEOUT);
        Map<TopicPartition, Long> result = new HashMap<>();
        for (TopicPartition tp : partitions) {
            OffsetAndTimestamp at = found.get(tp);
            result.put(tp, at == null ? ends.get(tp) : at.offset());
        }
        return result;
    }
}
