package io.scaligator.common.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.scaligator.common.config.TopicRetention;
import io.scaligator.common.event.ScaleCommand;
import io.scaligator.common.serde.EventJson;
import io.scaligator.common.serde.EventSerde;
import io.scaligator.common.target.TargetRef;
import io.scaligator.testkit.CommittedRecords;
import io.scaligator.testkit.KafkaBrokerExtension;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Future;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewPartitions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The shared Kafka pieces (client defaults, topic admin, event serde) against a real KRaft broker. */
class EventsOnRealKafkaIT {

    @RegisterExtension
    static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    @Test
    void topicAdminCreatesEveryTopicOnceWithCompactedPolicies() throws Exception {
        Topics topics = new Topics("t1.");
        try (Admin admin = Admin.create(defaults().admin("it-admin"))) {
            TopicAdmin topicAdmin = new TopicAdmin(admin, topics, TopicRetention.DEFAULT, TIMEOUT);

            topicAdmin.ensureAll(3, (short) 1);
            topicAdmin.ensureAll(3, (short) 1);

            assertThat(admin.listTopics().names().get()).containsAll(topics.all());
            assertThat(topicAdmin.partitionCount(topics.alerts())).isEqualTo(3);
            assertThat(topicAdmin.partitionCount(topics.observations())).isEqualTo(3);
            assertThat(topicAdmin.partitionCount(topics.policies())).isEqualTo(1);
            ConfigResource policies = new ConfigResource(ConfigResource.Type.TOPIC, topics.policies());
            assertThat(admin.describeConfigs(List.of(policies))
                            .all()
                            .get()
                            .get(policies)
                            .get(TopicConfig.CLEANUP_POLICY_CONFIG)
                            .value())
                    .isEqualTo(TopicConfig.CLEANUP_POLICY_COMPACT);
        }
    }

    /**
     * Kafka's create call returns before the new partitions' leaders serve them. An idempotent producer whose first
     * batch meets a leader not yet serving, while a later batch lands, can never land the first one: its records
     * expire (KAFKA-15591), as EngineCrashIT's input did once on a loaded machine. So ensureTopics returns only once
     * every partition takes a write: here the very first write to each, with no retry, must succeed.
     */
    @Test
    void everyPartitionTakesAWriteAsSoonAsEnsureReturns() throws Exception {
        Map<String, Object> props = defaults().producer("it-first-write");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, false);
        props.put(ProducerConfig.ACKS_CONFIG, "1");
        props.put(ProducerConfig.RETRIES_CONFIG, 0);
        try (Admin admin = Admin.create(defaults().admin("it-admin"));
                KafkaProducer<String, byte[]> producer = new KafkaProducer<>(props)) {
            for (int round = 0; round < 5; round++) {
                Topics topics = new Topics("first-write-" + round + ".");
                new TopicAdmin(admin, topics, TopicRetention.DEFAULT, TIMEOUT).ensureAll(3, (short) 1);
                List<Future<RecordMetadata>> sent = new ArrayList<>();
                for (String topic : topics.all()) {
                    for (int p = 0; p < (topic.equals(topics.policies()) ? 1 : 3); p++) {
                        sent.add(producer.send(new ProducerRecord<>(topic, p, "key", new byte[] {1})));
                    }
                }
                for (Future<RecordMetadata> f : sent) {
                    assertThat(f.get().offset()).isZero();
                }
            }
        }
    }

    @Test
    void createdTopicsCarryTheConfiguredRetentionAndTheCompactedOnesNoDeletion() throws Exception {
        Topics topics = new Topics("t6.");
        TopicRetention retention = new TopicRetention(Duration.ofHours(36), 64L << 20);
        try (Admin admin = Admin.create(defaults().admin("it-admin"))) {
            new TopicAdmin(admin, topics, retention, TIMEOUT).ensureAll(2, (short) 1);

            List<ConfigResource> all = topics.all().stream()
                    .map(t -> new ConfigResource(ConfigResource.Type.TOPIC, t))
                    .toList();
            var described = admin.describeConfigs(all).all().get();
            for (ConfigResource topic : all) {
                var config = described.get(topic);
                boolean compacted = topics.compacted().contains(topic.name());
                assertThat(config.get(TopicConfig.CLEANUP_POLICY_CONFIG).value())
                        .as(topic.name())
                        .isEqualTo(compacted ? TopicConfig.CLEANUP_POLICY_COMPACT : TopicConfig.CLEANUP_POLICY_DELETE);
                assertThat(config.get(TopicConfig.RETENTION_MS_CONFIG).value())
                        .as(topic.name())
                        .isEqualTo(
                                compacted
                                        ? "-1"
                                        : Long.toString(Duration.ofHours(36).toMillis()));
                assertThat(config.get(TopicConfig.RETENTION_BYTES_CONFIG).value())
                        .as(topic.name())
                        .isEqualTo(compacted ? "-1" : Long.toString(64L << 20));
            }
            assertThat(topics.compacted()).containsExactly(topics.policies(), topics.checkpoints());
        }
    }

    @Test
    void anExistingTopicWithAnotherRetentionIsLeftAsItIs() throws Exception {
        Topics topics = new Topics("t7.");
        try (Admin admin = Admin.create(defaults().admin("it-admin"))) {
            new TopicAdmin(admin, topics, TopicRetention.DEFAULT, TIMEOUT).ensureAll(1, (short) 1);

            TopicRetention other = new TopicRetention(Duration.ofHours(2), 0);
            new TopicAdmin(admin, topics, other, TIMEOUT).ensureAll(1, (short) 1);

            ConfigResource decisions = new ConfigResource(ConfigResource.Type.TOPIC, topics.decisions());
            assertThat(admin.describeConfigs(List.of(decisions))
                            .all()
                            .get()
                            .get(decisions)
                            .get(TopicConfig.RETENTION_MS_CONFIG)
                            .value())
                    .isEqualTo(Long.toString(TopicRetention.DEFAULT.time().toMillis()));
        }
    }

    @Test
    void alertsAndObservationsWithDifferentPartitionCountsAreRefusedWithAClearMessage() throws Exception {
        Topics topics = new Topics("t2.");
        try (Admin admin = Admin.create(defaults().admin("it-admin"))) {
            admin.createTopics(List.of(
                            new NewTopic(topics.alerts(), 2, (short) 1),
                            new NewTopic(topics.observations(), 2, (short) 1)))
                    .all()
                    .get();
            TopicAdmin topicAdmin = new TopicAdmin(admin, topics, TopicRetention.DEFAULT, TIMEOUT);
            topicAdmin.verifyCoPartitioned();

            admin.createPartitions(Map.of(topics.observations(), NewPartitions.increaseTo(4)))
                    .all()
                    .get();
            // The new partitions reach the broker's metadata a moment after the call returns.
            await().atMost(TIMEOUT).until(() -> topicAdmin.partitionCount(topics.observations()) == 4);

            assertThatThrownBy(topicAdmin::verifyCoPartitioned)
                    .isInstanceOf(TopicLayoutException.class)
                    .hasMessageContaining("t2.alerts (2 partitions) and t2.observations (4 partitions) must have the "
                            + "same partition count");
        }
    }

    @Test
    void aRequestKafkaRefusesForGoodIsFatalAndAnUnreachableBrokerIsRetriable() {
        Topics topics = new Topics("t5.");
        try (Admin admin = Admin.create(defaults().admin("it-admin"))) {
            // One broker cannot hold three replicas: no retry changes that.
            assertThatThrownBy(() ->
                            new TopicAdmin(admin, topics, TopicRetention.DEFAULT, TIMEOUT).ensureAll(1, (short) 3))
                    .isInstanceOfSatisfying(KafkaRefusedException.class, e -> assertThat(e.retriable())
                            .isFalse())
                    .hasMessageContaining("cannot create topics");
        }
        try (Admin unreachable = QuickClosingAdmin.open(new KafkaDefaults("127.0.0.1:1", Map.of()), "it-unreachable")) {
            assertThatThrownBy(() -> new TopicAdmin(unreachable, topics, TopicRetention.DEFAULT, Duration.ofSeconds(2))
                            .ensureAll(1, (short) 1))
                    .isInstanceOfSatisfying(KafkaSetupException.class, e -> assertThat(e.retriable())
                            .isTrue());
        }
    }

    @Test
    void eventsWrittenInACommittedTransactionAreReadBackEqualAndAbortedOnesAreNot() throws Exception {
        Topics topics = new Topics("t3.");
        try (Admin admin = Admin.create(defaults().admin("it-admin"))) {
            new TopicAdmin(admin, topics, TopicRetention.DEFAULT, TIMEOUT).ensureAll(2, (short) 1);
        }
        EventSerde<ScaleCommand> serde = EventSerde.of(ScaleCommand.class);
        ScaleCommand committed = command("cmd-committed", 2, 4);
        ScaleCommand aborted = command("cmd-aborted", 4, 8);

        try (KafkaProducer<String, ScaleCommand> producer = new KafkaProducer<>(
                defaults().transactionalProducer("it-producer", "it-tx-" + UUID.randomUUID()),
                new StringSerializer(),
                serde.serializer())) {
            producer.initTransactions();
            producer.beginTransaction();
            producer.send(new ProducerRecord<>(topics.commands(), committed.key(), committed));
            producer.commitTransaction();
            producer.beginTransaction();
            producer.send(new ProducerRecord<>(topics.commands(), aborted.key(), aborted))
                    .get();
            producer.abortTransaction();
        }

        List<ConsumerRecord<String, byte[]>> records =
                CommittedRecords.readAll(KAFKA.bootstrapServers(), topics.commands(), TIMEOUT);

        assertThat(records).hasSize(1);
        assertThat(records.get(0).key()).isEqualTo("dev/Deployment/web");
        assertThat(serde.deserialize(topics.commands(), records.get(0).value())).isEqualTo(committed);
        assertThat(records.get(0).value()).isEqualTo(EventJson.write(committed));
    }

    private static ScaleCommand command(String id, int from, int to) {
        return new ScaleCommand(
                id,
                "dec-" + id,
                TargetRef.deployment("dev", "web"),
                from,
                to,
                "metric:cpu",
                "cpu 0.9 above 0.7",
                Instant.parse("2026-11-28T06:00:00Z"),
                "p-test");
    }

    private static KafkaDefaults defaults() {
        return new KafkaDefaults(KAFKA.bootstrapServers(), Map.of());
    }
}
