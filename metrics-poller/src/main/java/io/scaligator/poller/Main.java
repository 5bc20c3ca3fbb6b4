package io.scaligator.poller;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.scaligator.common.config.ConfigException;
import io.scaligator.common.config.ConfigLoader;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Runs the metrics poller: {@code java -jar metrics-poller.jar --config FILE}. */
public final class Main {

    private static final Logger LOG = LoggerFactory.getLogger(Main.class);

    private Main() {
    }

    public static void main(String[] args) {
        ConfigLoader.Loaded loaded;
        try {
            loaded = ConfigLoader.load(args, System.getenv());
        } catch (ConfigException e) {
            System.err.println("metrics-poller: invalid configuration:\n" + e.getMessage());
            System.exit(2);
            return;
        }
        LOG.info("configuration from {}: {}", loaded.file(), loaded.config());
        loaded.warnings().forEach(w -> LOG.warn("configuration: {}", w));
        KubernetesClient kube = new KubernetesClientBuilder().build();
        PollerService service;
        try {
            service = PollerService.start(loaded.config(), kube, Clock.systemUTC(),
                    loaded.config().poller().opsBindAddress());
        } catch (RuntimeException e) {
            LOG.error("cannot start: {}", e.getMessage());
            kube.close();
            System.exit(1);
            return;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            service.close();
            kube.close();
        }, "shutdown"));
    }
}
