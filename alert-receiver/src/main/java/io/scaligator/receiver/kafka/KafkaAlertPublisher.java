package io.scaligator.receiver.kafka;

import io.scaligator.common.config.TopicRetention;
import io.scaligator.common.event.AlertSignal;
import io.scaligator.common.kafka.KafkaDefaults;
import io.scaligator.common.kafka.PublishException;
import io.scaligator.common.kafka.QuickClosingAdmin;
import io.scaligator.common.kafka.TopicAdmin;
import io.scaligator.common.kafka.Topics;
import io.scaligator.common.serde.EventJson;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes signals with the idempotent acks=all producer and waits for every acknowledgement. The producer's
 * blocking and delivery timeouts are bound to the publish timeout, so a request answers in time even when the
 * broker is down; records of a request that timed out may still be delivered afterwards, which is harmless
 * because their ids are deterministic and readers deduplicate by id.
 */
public final class KafkaAlertPublisher implements AlertPublisher {

    private static final Logger LOG = LoggerFactory.getLogger(KafkaAlertPublisher.class);
    private static final Duration PROBE_INTERVAL = Duration.ofSeconds(2);

    private final Producer<String, byte[]> producer;
    private final Admin admin;
    private final String topic;
    private final ScheduledExecutorService prober;
    private volatile Reachability reachability = new Reachability(true, "topic checked at start");

    private KafkaAlertPublisher(Producer<String, byte[]> producer, Admin admin, String topic) {
        this.producer = producer;
        this.admin = admin;
        this.topic = topic;
        this.prober = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "kafka-reachability");
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Checks or creates the alerts topic, then starts the producer and the reachability probe.
     * Throws {@link io.scaligator.common.kafka.KafkaSetupException} when Kafka cannot be reached at start.
     */
    public static KafkaAlertPublisher start(
            KafkaDefaults defaults,
            Topics topics,
            int partitions,
            short replicationFactor,
            TopicRetention retention,
            Duration publishTimeout,
            int maxBodyBytes) {
        Admin admin = QuickClosingAdmin.open(defaults, "alert-receiver-admin");
        try {
            new TopicAdmin(admin, topics, retention, Duration.ofSeconds(30))
                    .ensureTopics(List.of(topics.alerts()), partitions, replicationFactor);
        } catch (RuntimeException e) {
            admin.close();
            throw e;
        }
        KafkaAlertPublisher publisher = new KafkaAlertPublisher(
                new KafkaProducer<>(producerProps(defaults, publishTimeout, maxBodyBytes)), admin, topics.alerts());
        publisher.prober.scheduleWithFixedDelay(
                publisher::probe, PROBE_INTERVAL.toMillis(), PROBE_INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
        return publisher;
    }

    static Map<String, Object> producerProps(KafkaDefaults defaults, Duration publishTimeout, int maxBodyBytes) {
        Map<String, Object> props = defaults.producer("alert-receiver");
        long timeout = publishTimeout.toMillis();
        long requestTimeout = Math.max(1_000, Math.min(timeout, 30_000));
        // send() must not block longer than the request may wait in total (metadata missing, buffer full)
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, timeout);
        props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) requestTimeout);
        // give up on a record soon after its request was answered 503: Alertmanager's retry will send it again
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) (timeout + requestTimeout + 1_000));
        // one record never exceeds the body it came from plus the signal's envelope
        props.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, Math.max(1 << 20, maxBodyBytes + (64 << 10)));
        // Concurrent webhooks share produce requests: less CPU per webhook than linger 1 in the benchmark (broker and
        // producer work is per request), for at most 5 ms more latency, which no alert notices.
        props.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        return props;
    }

    @Override
    public void publish(List<AlertSignal> signals, Duration timeout) throws PublishException {
        long deadline = System.nanoTime() + timeout.toNanos();
        Acks acks = new Acks(signals.size());
        try {
            for (AlertSignal signal : signals) {
                producer.send(new ProducerRecord<>(topic, signal.key(), EventJson.write(signal)), acks);
            }
        } catch (KafkaException e) {
            throw new PublishException("Kafka refused the record: " + e.getMessage(), e);
        }
        try {
            if (!acks.await(deadline - System.nanoTime())) {
                throw new PublishException("Kafka did not acknowledge within " + timeout, null);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PublishException("interrupted while waiting for Kafka", e);
        }
        if (acks.failure != null) {
            throw new PublishException("Kafka did not acknowledge: " + acks.failure.getMessage(), acks.failure);
        }
    }

    /**
     * The acknowledgements of one request. Waiting on one latch instead of a future per record wakes the request's
     * thread once, when the last record is acknowledged, even when its records travel in different produce requests.
     */
    private static final class Acks implements Callback {

        private final CountDownLatch pending;
        private volatile Exception failure;

        Acks(int records) {
            pending = new CountDownLatch(records);
        }

        @Override
        public void onCompletion(RecordMetadata metadata, Exception exception) {
            if (exception != null) {
                failure = exception;
                // one failed record fails the request: stop waiting for the others
                while (pending.getCount() > 0) {
                    pending.countDown();
                }
            } else {
                pending.countDown();
            }
        }

        boolean await(long nanos) throws InterruptedException {
            return pending.await(Math.max(0, nanos), TimeUnit.NANOSECONDS);
        }
    }

    @Override
    public Reachability reachability() {
        return reachability;
    }

    private void probe() {
        try {
            int brokers = admin.describeCluster(new DescribeClusterOptions().timeoutMs(1_500))
                    .nodes()
                    .get(2, TimeUnit.SECONDS)
                    .size();
            update(new Reachability(true, brokers + " broker(s) reachable"));
        } catch (ExecutionException | TimeoutException e) {
            update(new Reachability(
                    false,
                    "Kafka unreachable: "
                            + (e.getCause() != null
                                    ? e.getCause().getMessage()
                                    : e.getClass().getSimpleName())));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void update(Reachability now) {
        if (now.reachable() != reachability.reachable()) {
            LOG.warn("Kafka reachability changed: {}", now.detail());
        }
        reachability = now;
    }

    @Override
    public void close() {
        prober.shutdownNow();
        producer.flush();
        producer.close(Duration.ofSeconds(10));
        admin.close();
    }
}
