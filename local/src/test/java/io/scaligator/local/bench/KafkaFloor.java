package io.scaligator.local.bench;

import io.scaligator.common.kafka.KafkaDefaults;
import io.scaligator.testkit.Latencies;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * The floor: a bare Kafka round trip on the pipeline's broker, produce (idempotent, acks=all, as every Scaligator
 * producer) to consume (read_committed, as every Scaligator consumer), paced like the alerts.
 */
final class KafkaFloor {

    /** What the floor run measured. */
    record Result(Latencies latencies, int sent, int lost, double achievedRate) {}

    private static final long UNSEEN = -1;

    private KafkaFloor() {}

    static Result run(KafkaDefaults kafka, String topic, int partitions, double rate, int seconds)
            throws InterruptedException {
        createTopic(kafka, topic, partitions);
        int count = (int) Math.round(rate * seconds);
        long[] sentAt = new long[count];
        long[] seenAt = new long[count];
        Arrays.fill(seenAt, UNSEEN);
        AtomicInteger seen = new AtomicInteger();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(kafka.groupLessConsumer("bench-floor-c"));
                KafkaProducer<String, byte[]> producer = new KafkaProducer<>(kafka.producer("bench-floor-p"))) {
            List<TopicPartition> assigned = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition()))
                    .toList();
            consumer.assign(assigned);
            consumer.seekToEnd(assigned);
            assigned.forEach(consumer::position); // resolve the end offsets before anything is sent
            Thread reader = new Thread(
                    () -> {
                        while (seen.get() < count && !Thread.currentThread().isInterrupted()) {
                            for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(100))) {
                                long now = System.nanoTime();
                                int i = ByteBuffer.wrap(r.value()).getInt();
                                if (seenAt[i] == UNSEEN) {
                                    seenAt[i] = now;
                                    seen.incrementAndGet();
                                }
                            }
                        }
                    },
                    "bench-floor-reader");
            reader.start();
            long start = Pacer.run(count, rate, i -> {
                sentAt[i] = System.nanoTime();
                producer.send(new ProducerRecord<>(
                        topic,
                        "k" + (i % 600),
                        ByteBuffer.allocate(512).putInt(i).array()));
            });
            double achieved = count / ((System.nanoTime() - start) / 1e9);
            producer.flush();
            reader.join(TimeUnit.SECONDS.toMillis(30));
            reader.interrupt();
            reader.join();
            long[] latencies = new long[seen.get()];
            int n = 0;
            for (int i = 0; i < count; i++) {
                if (seenAt[i] != UNSEEN && n < latencies.length) {
                    latencies[n++] = seenAt[i] - sentAt[i];
                }
            }
            return new Result(Latencies.of(Arrays.copyOf(latencies, n)), count, count - n, achieved);
        }
    }

    private static void createTopic(KafkaDefaults kafka, String topic, int partitions) throws InterruptedException {
        try (Admin admin = Admin.create(kafka.admin("bench-floor-admin"))) {
            admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1)))
                    .all()
                    .get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new IllegalStateException("cannot create " + topic + ": " + e.getCause(), e.getCause());
            }
        } catch (TimeoutException e) {
            throw new IllegalStateException("cannot create " + topic + " within 30 s", e);
        }
    }
}
