package io.scaligator.engine.it;

import io.scaligator.testkit.CommittedRecords;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Notes, on the wall clock, when committed records of a topic become visible to a read_committed reader, per
 * partition, while a test runs: the longest gap on a partition is how long its writer paused.
 */
final class ArrivalWatch implements AutoCloseable {

    private final Thread thread;
    private final AtomicLong seen = new AtomicLong();
    private final Map<Integer, List<Long>> arrivals = new ConcurrentHashMap<>();
    private volatile boolean running = true;

    private ArrivalWatch(String bootstrapServers, String topic) {
        this.thread = new Thread(() -> watch(bootstrapServers, topic), "arrival-watch-" + topic);
        thread.setDaemon(true);
        thread.start();
    }

    static ArrivalWatch start(String bootstrapServers, String topic) {
        return new ArrivalWatch(bootstrapServers, topic);
    }

    /** How many committed records have arrived so far. */
    long seen() {
        return seen.get();
    }

    /** A pause on one partition: from one poll that brought its records to the next, in {@link System#nanoTime}. */
    record Gap(long from, long to) {
        Duration length() {
            return Duration.ofNanos(to - from);
        }

        /** {@code length ms (from -x to +y ms around t)}, for a report. */
        String around(long t) {
            return "%d ms (%+d to %+d ms)".formatted(length().toMillis(), (from - t) / 1_000_000, (to - t) / 1_000_000);
        }
    }

    /** The longest wall-clock gap between two polls that brought records of {@code partition}. */
    Gap longestGap(int partition) {
        List<Long> times = arrivals.getOrDefault(partition, List.of());
        Gap longest = new Gap(0, 0);
        synchronized (times) {
            for (int i = 1; i < times.size(); i++) {
                if (times.get(i) - times.get(i - 1) > longest.length().toNanos()) {
                    longest = new Gap(times.get(i - 1), times.get(i));
                }
            }
        }
        return longest;
    }

    private void watch(String bootstrapServers, String topic) {
        Map<String, Object> props =
                new HashMap<>(CommittedRecords.readerProperties(bootstrapServers, "arrival-watch-" + topic));
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 10_000);
        try (KafkaConsumer<byte[], byte[]> consumer =
                new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofMinutes(1)).stream()
                    .map(p -> new TopicPartition(topic, p.partition()))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            while (running) {
                ConsumerRecords<byte[], byte[]> records = consumer.poll(Duration.ofMillis(50));
                long now = System.nanoTime();
                for (TopicPartition p : records.partitions()) {
                    List<Long> times = arrivals.computeIfAbsent(p.partition(), k -> new ArrayList<>());
                    synchronized (times) {
                        times.add(now);
                    }
                }
                seen.addAndGet(records.count());
            }
        }
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        thread.join(Duration.ofSeconds(30).toMillis());
    }
}
