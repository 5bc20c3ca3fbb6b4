package io.scaligator.common.config;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The {@code [kafka]} table: where Kafka is and how Scaligator's topics are laid out. */
public record KafkaSettings(
        String bootstrapServers,
        String topicPrefix,
        int partitions,
        short replicationFactor,
        TopicRetention retention,
        Map<String, String> properties) {

    static final ConfigKey<String> BOOTSTRAP_SERVERS = ConfigKey.of(
                    "kafka.bootstrap_servers",
                    ValueType.STRING,
                    "localhost:9092",
                    "Kafka bootstrap servers, host:port[,host:port]")
            .check(v -> v.matches("[^,\\s]+:\\d+(,[^,\\s]+:\\d+)*"), "host:port pairs separated by commas");
    static final ConfigKey<String> TOPIC_PREFIX = ConfigKey.of(
                    "kafka.topic_prefix", ValueType.STRING, "scaligator.", "Prefix of every topic name")
            .check(v -> v.matches("[a-zA-Z0-9._-]*"), "a-z, A-Z, 0-9, '.', '_' and '-'");
    static final ConfigKey<Integer> PARTITIONS = ConfigKey.integer(
            "kafka.partitions",
            6,
            1,
            1000,
            "Partitions of topics Scaligator creates (alerts and observations must match); 1 by default in the "
                    + "all-in-one runner, whose one broker and one engine thread gain nothing from more");
    static final ConfigKey<Integer> REPLICATION_FACTOR =
            ConfigKey.integer("kafka.replication_factor", 1, 1, 32, "Replication factor of topics Scaligator creates");

    static final ConfigKey<Duration> RETENTION = ConfigKey.duration(
            "kafka.retention",
            TopicRetention.DEFAULT.time(),
            Duration.ofHours(1),
            Duration.ofDays(3650),
            "Retention time (retention.ms) of the topics Scaligator creates, except the compacted policies and"
                    + " checkpoints; what audit can look back over (sizing: docs/decision-engine.md)");
    static final ConfigKey<Integer> RETENTION_MIB = ConfigKey.integer(
            "kafka.retention_mib",
            (int) (TopicRetention.DEFAULT.bytesPerPartition() >> 20),
            0,
            1 << 20,
            "Size bound per partition (retention.bytes, in MiB) of the topics Scaligator creates, except the"
                    + " compacted ones; 0: no size bound, retention time alone");

    /** Table of extra client properties (e.g. security.protocol) passed to every Kafka client; file only. */
    static final String PROPERTIES_TABLE = "kafka.properties";

    static List<ConfigKey<?>> keys() {
        return List.of(BOOTSTRAP_SERVERS, TOPIC_PREFIX, PARTITIONS, REPLICATION_FACTOR, RETENTION, RETENTION_MIB);
    }

    static KafkaSettings read(ConfigReader reader, Map<String, String> properties) {
        return new KafkaSettings(
                reader.get(BOOTSTRAP_SERVERS),
                reader.get(TOPIC_PREFIX),
                reader.get(PARTITIONS),
                reader.get(REPLICATION_FACTOR).shortValue(),
                new TopicRetention(reader.get(RETENTION), (long) reader.get(RETENTION_MIB) << 20),
                properties);
    }

    public KafkaSettings {
        properties = java.util.Collections.unmodifiableMap(new TreeMap<>(properties));
    }

    /** Masks the values of properties that look like credentials. */
    @Override
    public String toString() {
        Map<String, String> shown = new TreeMap<>();
        properties.forEach(
                (k, v) -> shown.put(k, k.matches("(?i).*(password|secret|jaas|token|key).*") ? "******" : v));
        return "KafkaSettings[bootstrapServers=" + bootstrapServers + ", topicPrefix=" + topicPrefix + ", partitions="
                + partitions + ", replicationFactor=" + replicationFactor + ", retention=" + retention + ", properties="
                + shown + "]";
    }
}
