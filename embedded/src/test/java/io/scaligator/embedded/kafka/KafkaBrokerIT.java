package io.scaligator.embedded.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KafkaBrokerIT {
    @TempDir
    static Path dataDir;

    private static KafkaBroker broker;

    @BeforeAll
    static void startBroker() {
        broker = KafkaBroker.start(dataDir);
    }

    @AfterAll
    static void stopBroker() {
        broker.close();
    }

    @Test
    void readCommittedConsumerSeesCommittedTransactionButNotAbortedOne() throws Exception {
        String topic = "tx-" + UUID.randomUUID();
        try (KafkaProducer<String, String> producer = transactionalProducer()) {
            producer.initTransactions();
            producer.beginTransaction();
            producer.send(new ProducerRecord<>(topic, "dev/Deployment/web", "committed-1"));
            producer.send(new ProducerRecord<>(topic, "dev/Deployment/web", "committed-2"));
            producer.commitTransaction();

            producer.beginTransaction();
            producer.send(new ProducerRecord<>(topic, "dev/Deployment/web", "aborted"))
                    .get();
            producer.abortTransaction();

            producer.beginTransaction();
            producer.send(new ProducerRecord<>(topic, "dev/Deployment/web", "committed-3"));
            producer.commitTransaction();
        }

        assertThat(readAll(topic, 3, "read_committed")).containsExactly("committed-1", "committed-2", "committed-3");
        assertThat(readAll(topic, 4, "read_uncommitted")).contains("aborted");
    }

    @Test
    void committedRecordsSurviveStopAndRestartOnTheSameDataAndPort() throws Exception {
        String topic = "restart-" + UUID.randomUUID();
        String bootstrapBefore = broker.bootstrapServers();
        try (KafkaProducer<String, String> producer = idempotentProducer()) {
            producer.send(new ProducerRecord<>(topic, "k", "before-restart")).get();
        }

        broker.stop();
        assertThat(broker.isRunning()).isFalse();
        broker.restart();

        assertThat(broker.bootstrapServers()).isEqualTo(bootstrapBefore);
        try (KafkaProducer<String, String> producer = idempotentProducer()) {
            producer.send(new ProducerRecord<>(topic, "k", "after-restart")).get();
        }
        assertThat(readAll(topic, 2, "read_committed")).containsExactly("before-restart", "after-restart");
    }

    private KafkaProducer<String, String> idempotentProducer() {
        return new KafkaProducer<>(producerConfig(Map.of()), new StringSerializer(), new StringSerializer());
    }

    private KafkaProducer<String, String> transactionalProducer() {
        Map<String, Object> transactional = Map.of(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "tx-" + UUID.randomUUID());
        return new KafkaProducer<>(producerConfig(transactional), new StringSerializer(), new StringSerializer());
    }

    private Map<String, Object> producerConfig(Map<String, Object> extra) {
        Map<String, Object> config = new HashMap<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                broker.bootstrapServers(),
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG,
                true,
                ProducerConfig.ACKS_CONFIG,
                "all",
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG,
                60_000));
        config.putAll(extra);
        return config;
    }

    private List<String> readAll(String topic, int expected, String isolationLevel) {
        Map<String, Object> config = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                broker.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG,
                "reader-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                "earliest",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                isolationLevel);
        List<String> values = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer =
                new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(topic));
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    values.add(record.value());
                }
                return values.size() >= expected;
            });
            // A last poll would reveal a record that should have stayed invisible (e.g. the aborted one).
            consumer.poll(Duration.ofMillis(500)).forEach(record -> values.add(record.value()));
        }
        return values;
    }
}
