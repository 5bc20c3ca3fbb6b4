package io.scaligator.poller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.scaligator.common.service.ServiceMain;
import io.scaligator.embedded.kube.MockKube;
import io.scaligator.testkit.Attempts;
import io.scaligator.testkit.KafkaBrokerExtension;
import io.scaligator.testkit.KubeClientProperties;
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

/**
 * A start that fails late (its ops port is taken, after the informers and the producer are open) exits 1 and
 * leaves no thread or Kafka client open.
 */
class FailedStartIT {

    @RegisterExtension
    static KafkaBrokerExtension kafka = new KafkaBrokerExtension();

    @TempDir
    Path dir;

    @Test
    void aTakenOpsPortExitsOneAndClosesTheInformersAndProducerItAlreadyOpened() throws Exception {
        try (MockKube kube = MockKube.start();
                ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Path config = Files.writeString(
                    dir.resolve("poller.toml"), """
                    watch_namespaces = ["shop"]
                    prometheus_url = "http://127.0.0.1:1"
                    [kafka]
                    bootstrap_servers = "%s"
                    topic_prefix = "failed-start."
                    [poller]
                    ops_bind_address = "127.0.0.1"
                    ops_port = %d
                    """.formatted(kafka.bootstrapServers(), taken.getLocalPort()));
            // The informers list asynchronously: on a busy machine the start may fail before their first request,
            // which leaves nothing to show; every attempt checks the clean-up, one must have seen them listing.
            Attempts.untilShown("the informers were listing when the ops server failed", 5, () -> {
                int requestsBefore = kube.server().getRequestCount();
                OpenResources before = OpenResources.now();
                int status = KubeClientProperties.withMaster(
                        kube.masterUrl(),
                        () -> ServiceMain.execute(
                                PollerService.SERVICE,
                                new String[] {"--config", config.toString()},
                                Map.of(),
                                context -> {
                                    PollerService poller = PollerService.start(context);
                                    poller.close();
                                    throw new AssertionError("started although the ops port is taken");
                                }));

                assertThat(status).isEqualTo(ServiceMain.FAILED);
                await().atMost(Duration.ofSeconds(10)).untilAsserted(before::assertNothingNewOpen);
                return kube.server().getRequestCount() > requestsBefore;
            });
        }
    }
}
