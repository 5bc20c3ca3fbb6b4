package io.scaligator.engine;

import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import io.scaligator.common.config.EngineSettings;
import io.scaligator.common.config.ScaligatorConfig;
import io.scaligator.common.kafka.KafkaDefaults;
import io.scaligator.common.kafka.KafkaSetupException;
import io.scaligator.common.kafka.QuickClosingAdmin;
import io.scaligator.common.kafka.TopicAdmin;
import io.scaligator.common.kafka.Topics;
import io.scaligator.common.ops.HealthCheck;
import io.scaligator.common.ops.OpsServer;
import io.scaligator.common.service.Exit;
import io.scaligator.common.service.ServiceContext;
import io.scaligator.engine.core.Policy;
import io.scaligator.engine.explain.ExplainApi;
import io.scaligator.engine.policy.Policies;
import io.scaligator.engine.topology.EngineTopology;
import io.scaligator.engine.topology.SkipOversizeProductionHandler;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.LogAndContinueExceptionHandler;
import org.apache.kafka.streams.errors.LogAndContinueProcessingExceptionHandler;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.apache.kafka.streams.state.HostInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running engine: checks the topic layout, publishes its policy, runs the topology with exactly_once_v2,
 * reports readiness (Streams RUNNING) and metrics and serves the explain API through the ops server.
 */
public final class DecisionEngine implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(DecisionEngine.class);
    private static final Duration ADMIN_TIMEOUT = Duration.ofSeconds(30);

    private final KafkaStreams streams;
    private final KafkaStreamsMetrics streamsMetrics;
    private volatile boolean failed;

    private DecisionEngine(KafkaStreams streams, KafkaStreamsMetrics streamsMetrics) {
        this.streams = streams;
        this.streamsMetrics = streamsMetrics;
    }

    /**
     * Starts the engine as its Main does: builds the policy (a {@link io.scaligator.common.config.ConfigException}
     * when it is invalid), opens the ops server and starts Kafka Streams; when a stream thread fails the engine asks
     * the context to exit with status 1, so that it is restarted cleanly.
     */
    public static DecisionEngine start(ServiceContext context) {
        ScaligatorConfig config = context.config();
        Policy policy = Policies.from(config);
        LOG.info(
                "policy {}: {} metric rules, {} alert rules, {} time rules",
                policy.version(),
                policy.metricRules().size(),
                policy.alertRules().size(),
                policy.timeRules().size());
        OpsServer ops = context.startOps(
                config.engine().opsBindAddress(), config.engine().opsPort());
        return start(config, policy, ops, context.exit(), context.clock());
    }

    /**
     * Creates missing topics, refuses to run unless alerts and observations are co-partitioned, publishes the
     * policy to the compacted policies topic and starts Kafka Streams. The caller closes the engine; a failure of
     * the engine itself is only logged.
     */
    public static DecisionEngine start(ScaligatorConfig config, Policy policy, OpsServer ops) {
        return start(config, policy, ops, status -> {}, Clock.systemUTC());
    }

    private static DecisionEngine start(
            ScaligatorConfig config, Policy policy, OpsServer ops, Exit onFailure, Clock clock) {
        Topics topics = new Topics(config.kafka().topicPrefix());
        KafkaDefaults kafka = new KafkaDefaults(
                config.kafka().bootstrapServers(), config.kafka().properties());
        try (Admin admin = QuickClosingAdmin.open(kafka, "decision-engine-admin")) {
            new TopicAdmin(admin, topics, config.kafka().retention(), ADMIN_TIMEOUT)
                    .ensureAll(config.kafka().partitions(), config.kafka().replicationFactor());
        }
        publish(kafka, topics, policy);
        HostInfo self = new HostInfo(advertisedHost(config.engine()), ops.port());
        Properties props = streamsProperties(config);
        props.put(StreamsConfig.APPLICATION_SERVER_CONFIG, self.host() + ":" + self.port());
        KafkaStreams streams = new KafkaStreams(
                EngineTopology.build(
                        policy, topics, config.engine().checkpointInterval(), new EngineMetrics(ops.registry())),
                props);
        KafkaStreamsMetrics metrics = new KafkaStreamsMetrics(streams);
        metrics.bindTo(ops.registry());
        DecisionEngine engine = new DecisionEngine(streams, metrics);
        streams.setUncaughtExceptionHandler(e -> {
            LOG.error(
                    "stream thread failed; the engine stops so that it can be restarted cleanly: {}", e.toString(), e);
            engine.failed = true;
            return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
        });
        streams.setStateListener((now, before) -> {
            LOG.info("Kafka Streams state {} -> {}", before, now);
            if (now == KafkaStreams.State.ERROR || (now == KafkaStreams.State.NOT_RUNNING && engine.failed)) {
                LOG.error("the engine stopped after a failure; exiting so that it is restarted");
                onFailure.exit(1);
            }
        });
        ops.addCheck(
                "kafka-streams",
                () -> streams.state() == KafkaStreams.State.RUNNING
                        ? HealthCheck.Status.ready("RUNNING")
                        : HealthCheck.Status.notReady(streams.state().name()));
        ops.addRoute(
                ExplainApi.PATH,
                new ExplainApi(
                        streams, policy, topics.observations(), config.engine().apiToken(), self, clock));
        try {
            streams.start();
        } catch (RuntimeException e) {
            engine.close(Duration.ofSeconds(5));
            throw e;
        }
        LOG.info(
                "decision engine started: policy {}, topics {} + {} -> {} + {}",
                policy.version(),
                topics.alerts(),
                topics.observations(),
                topics.decisions(),
                topics.commands());
        return engine;
    }

    /**
     * Kafka Streams settings: exactly_once_v2, internal topics with the configured replication, bad input records
     * skipped, commits every {@code engine.commit_interval} (default 10 ms, for alert-to-scale latency; Streams'
     * exactly-once default is 100 ms: each commit is a transaction, and decisions and commands become visible only
     * then), {@code engine.standby_replicas}
     * warm copies of each task's state on other instances. Output batches may be large
     * (the broker's per-batch work dominated the benchmark) and are not compressed: lz4 allocates two 64 KB buffers
     * per batch, 15 % of all the all-in-one allocated at 200 alerts/s, and the broker must decompress a compressed
     * batch to validate it ({@code "producer.compression.type"} in {@code [kafka.properties]} trades that CPU for
     * bytes). {@code [kafka.properties]} may override the tunables, not the guarantees.
     */
    public static Properties streamsProperties(ScaligatorConfig config) {
        Properties props = new Properties();
        props.put(
                StreamsConfig.COMMIT_INTERVAL_MS_CONFIG,
                config.engine().commitInterval().toMillis());
        props.put(StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG, config.engine().standbyReplicas());
        props.put(StreamsConfig.producerPrefix(ProducerConfig.BATCH_SIZE_CONFIG), 256 * 1024);
        props.putAll(config.kafka().properties());
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, config.engine().applicationId());
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, config.kafka().bootstrapServers());
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        props.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, (int) config.kafka().replicationFactor());
        props.put(StreamsConfig.STATE_DIR_CONFIG, config.engine().stateDir());
        if (config.engine().instanceId() != null) {
            // Static membership: Kafka Streams suffixes it per stream thread; the transactional ids already stay the
            // same across a restart (the process id is kept in the state directory), so a restarted instance fences
            // its predecessor's open transaction at once and gets its partitions back without a rebalance.
            props.put(
                    StreamsConfig.mainConsumerPrefix(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG),
                    config.engine().instanceId());
        }
        props.put(
                StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG,
                LogAndContinueExceptionHandler.class.getName());
        // One bad input never stops all scaling: an input that cannot be read or evaluated goes to the dead-letter
        // topic (with the error in its headers) and processing goes on; an oversize output is skipped.
        props.put(
                StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG,
                LogAndContinueProcessingExceptionHandler.class.getName());
        props.put(
                StreamsConfig.PRODUCTION_EXCEPTION_HANDLER_CLASS_CONFIG, SkipOversizeProductionHandler.class.getName());
        props.put(
                StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG,
                new Topics(config.kafka().topicPrefix()).deadLetters());
        return props;
    }

    /**
     * The host other instances forward explain requests to: {@code engine.advertised_host}, else the ops bind
     * address unless that is every interface, else this machine's host name.
     */
    static String advertisedHost(EngineSettings engine) {
        if (engine.advertisedHost() != null) {
            return engine.advertisedHost();
        }
        if (!engine.opsBindAddress().equals("0.0.0.0")) {
            return engine.opsBindAddress();
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            throw new KafkaSetupException(
                    "cannot find this machine's host name for Kafka Streams application.server; set "
                            + "engine.advertised_host: " + e.getMessage(),
                    e);
        }
    }

    private static void publish(KafkaDefaults kafka, Topics topics, Policy policy) {
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(kafka.producer("decision-engine-policy"))) {
            producer.send(new ProducerRecord<>(topics.policies(), policy.version(), Policies.toJson(policy)))
                    .get(ADMIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            LOG.info(
                    "published policy {} (engine semantics {}) to {}",
                    policy.version(),
                    policy.semantics(),
                    topics.policies());
        } catch (ExecutionException | TimeoutException e) {
            throw new KafkaSetupException(
                    "cannot publish policy " + policy.version() + " to " + topics.policies() + ": " + e.getMessage(),
                    e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KafkaSetupException("interrupted publishing the policy", e);
        }
    }

    public KafkaStreams.State state() {
        return streams.state();
    }

    /**
     * Stops processing, committing what was processed, within the timeout. The instance leaves the consumer group,
     * so the tasks move at once instead of after the session timeout (a restarted engine would otherwise wait for
     * its own previous member to expire).
     */
    public void close(Duration timeout) {
        boolean clean =
                streams.close(new KafkaStreams.CloseOptions().timeout(timeout).leaveGroup(true));
        streamsMetrics.close();
        LOG.info("decision engine stopped{}", clean ? "" : " (timed out after " + timeout + ")");
    }

    @Override
    public void close() {
        close(Duration.ofSeconds(30));
    }
}
