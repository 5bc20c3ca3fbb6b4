package io.scaligator.receiver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.scaligator.common.event.AlertSignal;
import io.scaligator.receiver.core.PodOwnerResolver;
import io.scaligator.testkit.KafkaBrokerExtension;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Shutdown turns new requests away, lets the running one finish and get its 200, and its record is on the topic. */
class GracefulShutdownIT {

    @RegisterExtension
    static KafkaBrokerExtension kafka = new KafkaBrokerExtension();

    @Test
    void finishesTheRequestInFlightAndRefusesNewOnesWhileStopping() throws Exception {
        CountDownLatch publishing = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        ReceiverHarness receiver = ReceiverHarness.start(
                kafka.bootstrapServers(),
                PodOwnerResolver.disabled(),
                Map.of(),
                ReceiverHarness.beforeEachPublish(() -> {
                    publishing.countDown();
                    release.await(30, TimeUnit.SECONDS);
                }));
        CompletableFuture<HttpResponse<String>> inFlight =
                CompletableFuture.supplyAsync(() -> receiver.post("/alerts", Payloads.captured(Payloads.FIRING)));
        assertThat(publishing.await(30, TimeUnit.SECONDS)).isTrue();

        CompletableFuture<Void> stopping = CompletableFuture.runAsync(receiver::close);
        HttpResponse<String> during = await().atMost(Duration.ofSeconds(10))
                .until(
                        () -> receiver.post("/alerts", Payloads.captured(Payloads.RESOLVED)),
                        r -> r.statusCode() == 503);
        assertThat(stopping).isNotDone();
        release.countDown();

        assertThat(inFlight.get(30, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
        stopping.get(30, TimeUnit.SECONDS);
        assertThat(during.body()).contains("shutting down");
        assertThat(during.headers().firstValue("Retry-After")).hasValue("5");
        List<AlertSignal> signals = receiver.signals();
        assertThat(signals).hasSize(1);
        assertThat(signals.get(0).alert().status())
                .isEqualTo(io.scaligator.common.event.AlertDetails.AlertStatus.FIRING);
    }
}
