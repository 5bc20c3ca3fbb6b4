package io.scaligator.actuator;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.scaligator.common.config.ConfigException;
import io.scaligator.common.config.ConfigLoader;
import io.scaligator.common.config.ScaligatorConfig;
import java.time.Clock;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Runs the scale-actuator: {@code java -jar scale-actuator.jar --config FILE}. Wires only. */
public final class Main {

    private static final Logger LOG = LoggerFactory.getLogger(Main.class);

    private Main() {
    }

    public static void main(String[] args) throws InterruptedException {
        ScaligatorConfig config;
        try {
            config = ConfigLoader.load(args, System.getenv()).config();
        } catch (ConfigException e) {
            System.err.println("scale-actuator: " + e.getMessage());
            System.exit(2);
            return;
        }
        LOG.info("scale-actuator starting with {}", config);
        KubernetesClient client = client();
        Clock clock = Clock.systemUTC();
        ActuatorService service;
        try {
            service = ActuatorService.start(config, client, clock, config.actuator().opsBindAddress(), System::exit);
        } catch (RuntimeException e) {
            LOG.error("scale-actuator cannot start: {}", e.getMessage());
            client.close();
            System.exit(1);
            return;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            service.close();
            client.close();
            stopped.countDown();
        }, "scale-actuator-shutdown"));
        stopped.await();
    }

    /** In-cluster or kubeconfig client; fabric8's own retries are off: the actuator retries within apply_deadline. */
    static KubernetesClient client() {
        Config config = Config.autoConfigure(null);
        config.setRequestRetryBackoffLimit(0);
        return new KubernetesClientBuilder().withConfig(config).build();
    }
}
