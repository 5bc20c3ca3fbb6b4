package io.scaligator.receiver;

import io.javalin.config.JavalinConfig;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.scaligator.common.config.ReceiverSettings;
import io.scaligator.common.config.ScaligatorConfig;
import io.scaligator.common.ops.HealthCheck;
import io.scaligator.common.ops.OpsServer;
import io.scaligator.common.kafka.KafkaDefaults;
import io.scaligator.common.kafka.Topics;
import io.scaligator.receiver.core.CachingPodOwnerResolver;
import io.scaligator.receiver.core.NamespacePolicy;
import io.scaligator.receiver.core.PodOwnerResolver;
import io.scaligator.receiver.core.SignalFactory;
import io.scaligator.receiver.core.TargetMapper;
import io.scaligator.receiver.http.Authenticator;
import io.scaligator.receiver.http.ReceiverMetrics;
import io.scaligator.receiver.http.ReceiverServer;
import io.scaligator.receiver.http.SignalEndpoints;
import io.scaligator.receiver.kafka.AlertPublisher;
import io.scaligator.receiver.kafka.KafkaAlertPublisher;
import io.scaligator.receiver.kube.Fabric8PodOwnerResolver;
import java.time.Clock;
import java.time.Duration;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The running receiver: ops server, webhook server and publisher, started in order and closed in reverse. */
public final class ReceiverApp implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ReceiverApp.class);

    private final OpsServer ops;
    private final ReceiverServer server;
    private final AlertPublisher publisher;

    private ReceiverApp(OpsServer ops, ReceiverServer server, AlertPublisher publisher) {
        this.ops = ops;
        this.server = server;
        this.publisher = publisher;
    }

    /** Pods keep their owner for life, so a cached answer only goes stale when a name is reused. */
    private static final Duration POD_CACHE_TTL = Duration.ofMinutes(10);

    /**
     * Starts the receiver with its Kafka publisher and, when receiver.resolve_pods is on and a client is given, pod
     * resolution through that cluster. Throws {@link io.scaligator.common.kafka.KafkaSetupException} when Kafka
     * cannot be reached.
     */
    public static ReceiverApp start(ScaligatorConfig config, KubernetesClient kube, Clock clock) {
        PodOwnerResolver pods = kube == null || !config.receiver().resolvePods() ? PodOwnerResolver.disabled()
                : new CachingPodOwnerResolver(new Fabric8PodOwnerResolver(kube), config.receiver().podCacheSize(),
                        POD_CACHE_TTL, clock);
        KafkaAlertPublisher publisher = KafkaAlertPublisher.start(
                new KafkaDefaults(config.kafka().bootstrapServers(), config.kafka().properties()),
                new Topics(config.kafka().topicPrefix()), config.kafka().partitions(),
                config.kafka().replicationFactor(), config.receiver().publishTimeout(),
                config.receiver().maxBodyBytes());
        return start(config, publisher, pods, clock, routes -> { });
    }

    /** Starts everything; {@code extraRoutes} lets benchmarks add routes (production passes none). */
    public static ReceiverApp start(ScaligatorConfig config, AlertPublisher publisher, PodOwnerResolver pods,
            Clock clock, Consumer<JavalinConfig> extraRoutes) {
        ReceiverSettings settings = config.receiver();
        if (settings.auth() == ReceiverSettings.Auth.NONE) {
            LOG.warn("receiver.auth = \"none\": anyone who can reach port {} can post alerts and triggers",
                    settings.port());
        }
        OpsServer ops = OpsServer.start("alert-receiver", settings.bindAddress(), settings.opsPort());
        ops.addCheck("kafka", () -> {
            AlertPublisher.Reachability reachability = publisher.reachability();
            return new HealthCheck.Status(reachability.reachable(), reachability.detail());
        });
        ReceiverMetrics metrics = new ReceiverMetrics(ops.registry());
        SignalFactory signals = new SignalFactory(new TargetMapper(pods),
                new NamespacePolicy(config.watchNamespaces(), config.namespace()));
        ReceiverSettings.EndpointCredentials credentials = settings.credentials();
        SignalEndpoints endpoints = new SignalEndpoints(Authenticator.of(credentials.alerts()),
                Authenticator.of(credentials.triggers()), settings.maxBodyBytes(), signals, publisher,
                settings.publishTimeout(), clock, metrics);
        try {
            ReceiverServer server = ReceiverServer.start(settings.bindAddress(), settings.port(), settings.tls(),
                    endpoints, metrics, settings.maxBodyBytes(), settings.publishTimeout().plusSeconds(5), extraRoutes);
            return new ReceiverApp(ops, server, publisher);
        } catch (RuntimeException e) {
            ops.close();
            throw e;
        }
    }

    public int port() {
        return server.port();
    }

    public int opsPort() {
        return ops.port();
    }

    /** Graceful: finish running requests, stop HTTP, flush and close the producer, then the ops server. */
    @Override
    public void close() {
        LOG.info("alert receiver shutting down: finishing running requests");
        server.close();
        publisher.close();
        ops.close();
        LOG.info("alert receiver stopped");
    }
}
