package io.scaligator.common.kafka;

import io.scaligator.common.config.TopicRetention;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.ClusterAuthorizationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates missing topics with the configured partitions, replication and retention (compacted topics: compaction),
 * warns about existing topics whose retention differs from the configured one (changing a live topic is the
 * operator's decision), and checks that {@code alerts} and {@code observations} are co-partitioned, which the
 * decision engine's per-target state relies on.
 */
public final class TopicAdmin {

    private static final Logger LOG = LoggerFactory.getLogger(TopicAdmin.class);
    private static final Duration RETRY_BACKOFF = Duration.ofMillis(100);

    private final Admin admin;
    private final Topics topics;
    private final TopicRetention retention;
    private final Duration timeout;

    public TopicAdmin(Admin admin, Topics topics, TopicRetention retention, Duration timeout) {
        this.admin = admin;
        this.topics = topics;
        this.retention = retention;
        this.timeout = timeout;
    }

    /**
     * Creates whichever of the given topics are missing; existing ones are left as they are, with a warning for each
     * retention setting that differs from the configured one. Returns once every partition of every named topic takes
     * writes (see {@link #awaitLeaders}).
     */
    public void ensureTopics(List<String> names, int partitions, short replicationFactor) {
        createMissing(names, partitions, replicationFactor);
        awaitLeaders(names);
    }

    private void createMissing(List<String> names, int partitions, short replicationFactor) {
        Set<String> existing = call(admin.listTopics().names(), "list topics");
        List<NewTopic> missing = new ArrayList<>();
        for (String name : names) {
            if (!existing.contains(name)) {
                NewTopic topic = new NewTopic(name, name.equals(topics.policies()) ? 1 : partitions, replicationFactor);
                topic.configs(configsFor(name));
                missing.add(topic);
            }
        }
        warnAboutRetention(names.stream().filter(existing::contains).toList());
        if (missing.isEmpty()) {
            return;
        }
        try {
            admin.createTopics(missing).all().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            LOG.info(
                    "created topics {} ({} partitions, replication {})",
                    missing.stream().map(NewTopic::name).toList(),
                    partitions,
                    replicationFactor);
        } catch (ExecutionException e) {
            List<String> wanted = missing.stream().map(NewTopic::name).toList();
            if (e.getCause() instanceof TopicAuthorizationException
                    || e.getCause() instanceof ClusterAuthorizationException) {
                // A topic the user may not Describe is hidden from listTopics, so it looks missing: say both.
                throw new KafkaRefusedException(
                        "not authorized to describe or create topics " + wanted
                                + ": this service's Kafka user needs the DESCRIBE operation on them"
                                + " (and CREATE only if it is to create missing topics);"
                                + " grant its ACLs (see docs/deploy.md, Kafka security)",
                        e.getCause());
            }
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw failure(
                        "cannot create topics " + wanted + ": " + e.getCause().getMessage(), e.getCause());
            }
            LOG.info("topics were created concurrently by another instance");
        } catch (TimeoutException e) {
            throw new KafkaSetupException("timed out after " + timeout + " creating topics", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KafkaSetupException("interrupted while creating topics", e);
        }
    }

    /**
     * Waits until the leader of every partition of the topics serves it. Kafka's create call returns once the
     * controller has recorded a topic, a moment before its leaders act on it; an idempotent producer whose first batch
     * to a partition is refused in that moment while its next batch lands can never land the first (KAFKA-15591): it
     * retries until its records expire. A sibling service may have created the topics a moment ago, so existing
     * topics are awaited too. Listing the end offsets is the probe: only a serving leader answers it.
     */
    private void awaitLeaders(List<String> names) {
        Map<TopicPartition, OffsetSpec> partitions = new HashMap<>();
        describe(names).forEach((name, description) -> description
                .partitions()
                .forEach(p -> partitions.put(new TopicPartition(name, p.partition()), OffsetSpec.latest())));
        call(admin.listOffsets(partitions).all(), "reach the partition leaders of topics " + names);
    }

    /** The configs a topic of Scaligator's is created with, and which an existing one is compared against. */
    private Map<String, String> configsFor(String topic) {
        return configs(retention, topics.compacted().contains(topic));
    }

    /** The topic configs for a retention: delete by age and size, or compact (and never delete by age). */
    public static Map<String, String> configs(TopicRetention retention, boolean compacted) {
        if (compacted) {
            return Map.of(
                    TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT,
                    TopicConfig.RETENTION_MS_CONFIG, "-1",
                    TopicConfig.RETENTION_BYTES_CONFIG, "-1");
        }
        long bytes = retention.bytesPerPartition();
        return Map.of(
                TopicConfig.CLEANUP_POLICY_CONFIG,
                TopicConfig.CLEANUP_POLICY_DELETE,
                TopicConfig.RETENTION_MS_CONFIG,
                Long.toString(retention.time().toMillis()),
                TopicConfig.RETENTION_BYTES_CONFIG,
                bytes == 0 ? "-1" : Long.toString(bytes));
    }

    /**
     * Logs a warning per existing topic and retention setting that differs from the configured one. A user not
     * allowed to describe topic configs (the shipped ACLs grant Describe only) cannot check: said once, not fatal.
     */
    private void warnAboutRetention(List<String> names) {
        if (names.isEmpty()) {
            return;
        }
        List<ConfigResource> resources = names.stream()
                .map(n -> new ConfigResource(ConfigResource.Type.TOPIC, n))
                .toList();
        Map<ConfigResource, Config> described;
        try {
            described = admin.describeConfigs(resources).all().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            LOG.info("cannot check the retention of existing topics {}: {}", names, e.getMessage());
            return;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KafkaSetupException("interrupted while describing topic configs", e);
        }
        described.forEach((resource, config) -> configsFor(resource.name()).forEach((key, wanted) -> {
            ConfigEntry actual = config.get(key);
            String value = actual == null ? null : actual.value();
            if (!wanted.equals(value)) {
                LOG.warn(
                        "topic {} exists with {}={}, configured {}={}; left as it is (altering a live topic is an"
                                + " operator's decision: kafka-configs --alter --entity-type topics --entity-name {}"
                                + " --add-config {}={})",
                        resource.name(),
                        key,
                        value,
                        key,
                        wanted,
                        resource.name(),
                        key,
                        wanted);
            }
        }));
    }

    /** Creates every Scaligator topic that is missing and verifies co-partitioning. */
    public void ensureAll(int partitions, short replicationFactor) {
        ensureTopics(topics.all(), partitions, replicationFactor);
        verifyCoPartitioned();
    }

    /**
     * Fails with a {@link TopicLayoutException} unless alerts and observations have the same partition count:
     * records of one target must meet in the same engine task.
     */
    public void verifyCoPartitioned() {
        Map<String, TopicDescription> described = describe(List.of(topics.alerts(), topics.observations()));
        int alerts = described.get(topics.alerts()).partitions().size();
        int observations = described.get(topics.observations()).partitions().size();
        if (alerts != observations) {
            throw new TopicLayoutException("topics " + topics.alerts() + " (" + alerts + " partitions) and "
                    + topics.observations() + " (" + observations + " partitions) must have the same partition count "
                    + "so that all records of one target meet in one engine task; add partitions to the smaller one "
                    + "(kafka-topics --alter --partitions " + Math.max(alerts, observations) + ")");
        }
    }

    /** The partition count of a topic, for checks such as co-partitioning. */
    public int partitionCount(String topic) {
        return describe(List.of(topic)).get(topic).partitions().size();
    }

    /**
     * Describes topics, waiting up to the timeout for topics that were just created: their metadata reaches the
     * brokers a moment after the create call returns.
     */
    private Map<String, TopicDescription> describe(List<String> names) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            try {
                return call(admin.describeTopics(names).allTopicNames(), "describe " + names);
            } catch (KafkaSetupException e) {
                if (!(e.getCause() instanceof UnknownTopicOrPartitionException) || System.nanoTime() > deadline) {
                    throw e;
                }
                pause();
            }
        }
    }

    private static void pause() {
        try {
            Thread.sleep(RETRY_BACKOFF.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KafkaSetupException("interrupted while waiting for topic metadata", e);
        }
    }

    private <T> T call(KafkaFuture<T> future, String what) {
        try {
            return future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof TopicAuthorizationException denied) {
                throw new KafkaRefusedException(
                        "not authorized to " + what + ": this service's Kafka user needs the "
                                + "DESCRIBE operation on topics " + denied.unauthorizedTopics()
                                + "; grant its ACLs (see docs/deploy.md, Kafka security)",
                        denied);
            }
            throw failure("cannot " + what + ": " + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new KafkaSetupException(
                    "timed out after " + timeout + " trying to " + what + "; is Kafka reachable?", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KafkaSetupException("interrupted while trying to " + what, e);
        }
    }

    /**
     * Retriable when Kafka says so (unreachable, not yet leader, unknown topic while metadata spreads), fatal when it
     * refused for a reason that retrying does not change (policy, authorization, a replication factor above the
     * broker count).
     */
    private static RuntimeException failure(String message, Throwable cause) {
        return cause instanceof org.apache.kafka.common.errors.RetriableException
                ? new KafkaSetupException(message, cause)
                : new KafkaRefusedException(message, cause);
    }
}
