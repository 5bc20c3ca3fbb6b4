package io.scaligator.engine;

import io.scaligator.common.config.ConfigException;
import io.scaligator.common.config.ConfigLoader;
import io.scaligator.common.config.ScaligatorConfig;
import io.scaligator.common.kafka.KafkaSetupException;
import io.scaligator.common.kafka.TopicLayoutException;
import io.scaligator.common.ops.OpsServer;
import io.scaligator.engine.core.Policy;
import io.scaligator.engine.policy.Policies;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Starts the decision engine: {@code java -jar decision-engine.jar --config FILE}. Only wiring. */
public final class Main {

    private static final Logger LOG = LoggerFactory.getLogger(Main.class);

    private Main() {
    }

    public static void main(String[] args) throws InterruptedException {
        ScaligatorConfig config;
        Policy policy;
        try {
            config = ConfigLoader.load(args, System.getenv()).config();
            policy = Policies.from(config);
        } catch (ConfigException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        LOG.info("configuration: {}", config);
        LOG.info("policy {}: {} metric rules, {} alert rules, {} time rules", policy.version(),
                policy.metricRules().size(), policy.alertRules().size(), policy.timeRules().size());
        OpsServer ops = OpsServer.start("decision-engine", config.engine().opsBindAddress(), config.engine().opsPort());
        DecisionEngine engine;
        try {
            engine = DecisionEngine.start(config, policy, ops);
        } catch (TopicLayoutException | KafkaSetupException e) {
            LOG.error("cannot start: {}", e.getMessage());
            ops.close();
            System.exit(1);
            return;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            engine.close(Duration.ofSeconds(30));
            ops.close();
        }, "decision-engine-shutdown"));
        boolean failed = engine.awaitStop();
        if (failed) {
            LOG.error("the engine stopped after a failure; exiting so that it is restarted");
            System.exit(1);
        }
    }
}
