package io.scaligator.receiver;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.scaligator.common.config.ConfigException;
import io.scaligator.common.config.ConfigLoader;
import io.scaligator.common.config.ScaligatorConfig;
import io.scaligator.common.kafka.KafkaSetupException;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@code java -jar alert-receiver.jar --config FILE}: wires config, Kafka, Kubernetes and the HTTP servers. */
public final class Main {

    private static final Logger LOG = LoggerFactory.getLogger(Main.class);

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
        KubernetesClient kube = config.receiver().resolvePods() ? new KubernetesClientBuilder().build() : null;
        ReceiverApp app;
        try {
            app = ReceiverApp.start(config, kube, Clock.systemUTC());
        } catch (KafkaSetupException e) {
            LOG.error("cannot start: {}", e.getMessage());
            if (kube != null) {
                kube.close();
            }
            System.exit(3);
            return;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            app.close();
            if (kube != null) {
                kube.close();
            }
        }, "shutdown"));
    }
}
