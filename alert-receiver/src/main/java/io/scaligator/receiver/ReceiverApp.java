package io.scaligator.receiver;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.scaligator.common.config.ReceiverSettings;
import io.scaligator.common.config.ScaligatorConfig;
import io.scaligator.common.kafka.KafkaDefaults;
import io.scaligator.common.kafka.Topics;
import io.scaligator.common.ops.HealthCheck;
import io.scaligator.common.ops.OpsServer;
import io.scaligator.common.service.Resources;
import io.scaligator.common.service.ServiceContext;
import io.scaligator.receiver.core.CachingPodOwnerResolver;
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
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The running receiver: publisher, ops server and webhook server, started in order and closed in reverse. */
public final class ReceiverApp implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ReceiverApp.class);
    /** Pods keep their owner for life, so a cached answer only goes stale when a name is reused. */
    private static final Duration POD_CACHE_TTL = Duration.ofMinutes(10);

    private final Resources resources;
    private final OpsServer ops;
    private final ReceiverServer server;

    private ReceiverApp(Resources resources, OpsServer ops, ReceiverServer server) {
        this.resources = resources;
        this.ops = ops;
        this.server = server;
    }

    /**
     * Starts the receiver with its Kafka publisher and, when receiver.resolve_pods is on, pod resolution through the
     * context's Kubernetes client. Throws {@link io.scaligator.common.config.ConfigException} when no credential is
     * configured and {@link io.scaligator.common.kafka.KafkaSetupException} when Kafka cannot be reached.
     */
    public static ReceiverApp start(ServiceContext context) {
        ScaligatorConfig config = context.config();
        config.receiver().credentials();
        PodOwnerResolver pods = PodOwnerResolver.disabled();
        if (config.receiver().resolvePods()) {
            KubernetesClient kube = context.client(KubernetesClient.class, () -> new KubernetesClientBuilder().build());
            pods = new CachingPodOwnerResolver(
                    new Fabric8PodOwnerResolver(kube),
                    config.receiver().podCacheSize(),
                    POD_CACHE_TTL,
                    context.clock());
        }
        KafkaAlertPublisher publisher = KafkaAlertPublisher.start(
                new KafkaDefaults(
                        config.kafka().bootstrapServers(), config.kafka().properties()),
                new Topics(config.kafka().topicPrefix()),
                config.kafka().partitions(),
                config.kafka().replicationFactor(),
                config.kafka().retention(),
                config.receiver().publishTimeout(),
                config.receiver().maxBodyBytes());
        return start(context, publisher, pods);
    }

    /** Starts the ops and webhook servers around {@code publisher}, which the receiver owns and closes. */
    public static ReceiverApp start(ServiceContext context, AlertPublisher publisher, PodOwnerResolver pods) {
        Resources resources = context.resources();
        resources.track(publisher);
        ScaligatorConfig config = context.config();
        ReceiverSettings settings = config.receiver();
        if (settings.auth() == ReceiverSettings.Auth.NONE) {
            LOG.warn(
                    "receiver.auth = \"none\": anyone who can reach port {} can post alerts and triggers",
                    settings.port());
        }
        OpsServer ops = context.startOps(settings.bindAddress(), settings.opsPort());
        ops.addCheck("kafka", () -> {
            AlertPublisher.Reachability reachability = publisher.reachability();
            return new HealthCheck.Status(reachability.reachable(), reachability.detail());
        });
        ReceiverMetrics metrics = new ReceiverMetrics(ops.registry());
        SignalFactory signals = new SignalFactory(new TargetMapper(pods), config.namespaceScope());
        ReceiverSettings.EndpointCredentials credentials = settings.credentials();
        SignalEndpoints endpoints = new SignalEndpoints(
                Authenticator.of(credentials.alerts()),
                Authenticator.of(credentials.triggers()),
                settings.maxBodyBytes(),
                signals,
                publisher,
                settings.publishTimeout(),
                context.clock(),
                metrics);
        ReceiverServer server = resources.track(ReceiverServer.start(
                settings.bindAddress(),
                settings.port(),
                settings.tls(),
                endpoints,
                metrics,
                settings.maxBodyBytes(),
                settings.publishTimeout().plusSeconds(5)));
        return new ReceiverApp(resources, ops, server);
    }

    public int port() {
        return server.port();
    }

    public int opsPort() {
        return ops.port();
    }

    /** Graceful: finish running requests and stop HTTP, close the ops server, then flush and close the producer. */
    @Override
    public void close() {
        LOG.info("alert receiver shutting down: finishing running requests");
        resources.close();
        LOG.info("alert receiver stopped");
    }
}
