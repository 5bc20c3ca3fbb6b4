package io.scaligator.receiver;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.scaligator.common.config.ConfigException;
import io.scaligator.common.config.ConfigLoader;
import io.scaligator.common.config.ScaligatorConfig;
import io.scaligator.common.kafka.KafkaDefaults;
import io.scaligator.common.kafka.KafkaSetupException;
import io.scaligator.common.kafka.Topics;
import io.scaligator.receiver.core.CachingPodOwnerResolver;
import io.scaligator.receiver.core.PodOwnerResolver;
import io.scaligator.receiver.kafka.KafkaAlertPublisher;
import io.scaligator.receiver.kube.Fabric8PodOwnerResolver;
import java.time.Clock;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@code java -jar alert-receiver.jar --config FILE}: wires config, Kafka, Kubernetes and the HTTP servers. */
public final class Main {

    private static final Logger LOG = LoggerFactory.getLogger(Main.class);
    /** Pods keep their owner for life, so a cached answer only goes stale when a name is reused. */
    private static final Duration POD_CACHE_TTL = Duration.ofMinutes(10);

    private Main() {
    }

    public static void main(String[] args) {
        ScaligatorConfig config;
        try {
            config = ConfigLoader.load(args, System.getenv()).config();
            config.receiver().credentials();
        } catch (ConfigException e) {
            LOG.error("{}", e.getMessage());
            System.exit(2);
            return;
        }
        LOG.info("alert receiver starting with watch_namespaces={} namespace={} {} {}", config.watchNamespaces(),
                config.namespace(), config.kafka(), config.receiver());
        Clock clock = Clock.systemUTC();
        KubernetesClient kube = config.receiver().resolvePods() ? new KubernetesClientBuilder().build() : null;
        PodOwnerResolver pods = kube == null ? PodOwnerResolver.disabled()
                : new CachingPodOwnerResolver(new Fabric8PodOwnerResolver(kube), config.receiver().podCacheSize(),
                        POD_CACHE_TTL, clock);
        KafkaAlertPublisher publisher;
        try {
            publisher = KafkaAlertPublisher.start(
                    new KafkaDefaults(config.kafka().bootstrapServers(), config.kafka().properties()),
                    new Topics(config.kafka().topicPrefix()), config.kafka().partitions(),
                    config.kafka().replicationFactor(), config.receiver().publishTimeout(),
                    config.receiver().maxBodyBytes());
        } catch (KafkaSetupException e) {
            LOG.error("cannot start: {}", e.getMessage());
            System.exit(3);
            return;
        }
        ReceiverApp app = ReceiverApp.start(config, publisher, pods, clock, routes -> { });
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            app.close();
            if (kube != null) {
                kube.close();
            }
        }, "shutdown"));
    }
}
