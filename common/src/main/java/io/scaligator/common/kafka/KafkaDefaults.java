package io.scaligator.common.kafka;

import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The Kafka client settings every service uses, in one place: producers are idempotent with acks=all,
 * consumers read only committed records and commit offsets explicitly. Extra properties from the config
 * (security settings, tuning, config providers) are laid over the defaults, and the delivery guarantees over
 * them: {@code [kafka.properties]} can tune a client but can never weaken acks, idempotence or read_committed.
 */
public final class KafkaDefaults {

    private final String bootstrapServers;
    private final Map<String, String> extra;

    public KafkaDefaults(String bootstrapServers, Map<String, String> extra) {
        this.bootstrapServers = bootstrapServers;
        this.extra = Map.copyOf(extra);
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    /** Settings for an admin client. */
    public Map<String, Object> admin(String clientId) {
        return base(clientId);
    }

    /** An idempotent producer with acks=all and String keys; values as bytes (use the event serde on top). */
    public Map<String, Object> producer(String clientId) {
        Map<String, Object> props = base(clientId);
        props.putIfAbsent(ProducerConfig.LINGER_MS_CONFIG, 1);
        // Only transactionalProducer's callers may make a producer transactional, each with its own id.
        props.remove(ProducerConfig.TRANSACTIONAL_ID_CONFIG);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        return props;
    }

    /** A transactional producer: idempotent, acks=all, with the given stable transactional id. */
    public Map<String, Object> transactionalProducer(String clientId, String transactionalId) {
        Map<String, Object> props = producer(clientId);
        props.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId);
        return props;
    }

    /** A consumer that reads only committed records and commits its offsets explicitly. */
    public Map<String, Object> consumer(String clientId, String groupId) {
        Map<String, Object> props = base(clientId);
        props.putIfAbsent(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, IsolationLevel.READ_COMMITTED.toString());
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        return props;
    }

    /** A consumer outside any group (assign + seek), reading committed records only: for audits and tests. */
    public Map<String, Object> groupLessConsumer(String clientId) {
        Map<String, Object> props = consumer(clientId, "unused");
        props.remove(ConsumerConfig.GROUP_ID_CONFIG);
        return props;
    }

    private Map<String, Object> base(String clientId) {
        Map<String, Object> props = new HashMap<>();
        props.put(CommonClientConfigs.CLIENT_ID_CONFIG, clientId);
        props.putAll(extra);
        // The configured broker address wins over a stray bootstrap.servers in [kafka.properties].
        props.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        return props;
    }
}
