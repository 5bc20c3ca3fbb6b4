package io.scaligator.receiver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.scaligator.common.kafka.KafkaDefaults;
import io.scaligator.common.service.ServiceMain;
import io.scaligator.testkit.KafkaBrokerExtension;
import io.scaligator.testkit.OpenResources;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** A start that fails late (its ops port is taken) exits 1 and leaves no thread or Kafka client open. */
class FailedStartIT {

    @RegisterExtension
    static KafkaBrokerExtension kafka = new KafkaBrokerExtension();

    @TempDir
    Path dir;

    @Test
    void aTakenOpsPortExitsOneAndClosesThePublisherItAlreadyOpened() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Path config = Files.writeString(
                    dir.resolve("receiver.toml"), """
                    watch_namespaces = ["shop"]
                    [kafka]
                    bootstrap_servers = "%s"
                    topic_prefix = "failed-start."
                    [receiver]
                    bind_address = "127.0.0.1"
                    port = 0
                    ops_port = %d
                    token = "failed-start-token"
                    resolve_pods = false
                    """.formatted(kafka.bootstrapServers(), taken.getLocalPort()));
            OpenResources before = OpenResources.now();

            int status = ServiceMain.execute(
                    "alert-receiver", new String[] {"--config", config.toString()}, Map.of(), context -> {
                        ReceiverApp app = ReceiverApp.start(context);
                        app.close();
                        throw new AssertionError("started although the ops port is taken");
                    });

            assertThat(status).isEqualTo(ServiceMain.FAILED);
            try (Admin admin = Admin.create(new KafkaDefaults(kafka.bootstrapServers(), Map.of()).admin("it"))) {
                assertThat(admin.listTopics().names().get())
                        .as("the publisher was open when the ops server failed")
                        .contains("failed-start.alerts");
            }
            await().atMost(Duration.ofSeconds(10)).untilAsserted(before::assertNothingNewOpen);
        }
    }
}
