package io.scaligator.engine.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.scaligator.common.service.ServiceMain;
import io.scaligator.engine.DecisionEngine;
import io.scaligator.testkit.KafkaBrokerExtension;
import io.scaligator.testkit.OpenResources;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** A start that fails (its ops port is taken) exits 1 and leaves no thread or Kafka client open. */
class FailedStartIT {

    @RegisterExtension
    static KafkaBrokerExtension kafka = new KafkaBrokerExtension();

    @TempDir
    Path dir;

    @Test
    void aTakenOpsPortExitsOneAndLeavesNothingOpen() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Path config = Files.writeString(dir.resolve("engine.toml"), """
                    watch_namespaces = ["shop"]
                    [kafka]
                    bootstrap_servers = "%s"
                    topic_prefix = "failed-start."
                    [engine]
                    application_id = "failed-start-engine"
                    state_dir = "%s"
                    ops_bind_address = "127.0.0.1"
                    ops_port = %d
                    """.formatted(
                            kafka.bootstrapServers(), dir.resolve("state"), taken.getLocalPort()));
            OpenResources before = OpenResources.now();

            int status = ServiceMain.execute(
                    "decision-engine", new String[] {"--config", config.toString()}, Map.of(), context -> {
                        DecisionEngine engine = DecisionEngine.start(context);
                        engine.close();
                        throw new AssertionError("started although the ops port is taken");
                    });

            assertThat(status).isEqualTo(ServiceMain.FAILED);
            await().atMost(Duration.ofSeconds(10)).untilAsserted(before::assertNothingNewOpen);
        }
    }

    @Test
    void aBrokenScheduleExitsTwoBeforeAnythingIsOpened() throws Exception {
        Path config = Files.writeString(dir.resolve("broken.toml"), """
                watch_namespaces = ["dev"]
                [[time_rules]]
                name = "nights"
                namespaces = ["dev"]
                downtime = "Mon-Fri 20:00-31:00 UTC"
                """);
        OpenResources before = OpenResources.now();

        int status = ServiceMain.execute(
                "decision-engine", new String[] {"--config", config.toString()}, Map.of(), context -> {
                    throw new AssertionError("started with a broken schedule");
                });

        assertThat(status).isEqualTo(ServiceMain.BAD_CONFIG);
        before.assertNothingNewOpen();
    }
}
