package io.scaligator.receiver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.scaligator.common.event.AlertSignal;
import io.scaligator.common.serde.EventJson;
import io.scaligator.receiver.core.PodOwnerResolver;
import io.scaligator.testkit.KafkaBrokerExtension;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Kafka goes away in the middle of steady Alertmanager traffic: requests get 503 with Retry-After, Alertmanager-style
 * retries succeed once the broker is back, and every alert of every request that got a 2xx is on the topic.
 */
class BrokerOutageIT {

    private static final int REQUESTS = 1_200;
    private static final int SENDERS = 4;

    @RegisterExtension
    static KafkaBrokerExtension kafka = new KafkaBrokerExtension();

    private final AtomicInteger next = new AtomicInteger();
    private final AtomicInteger completed = new AtomicInteger();
    private final AtomicInteger unavailable = new AtomicInteger();
    private final AtomicInteger connectionErrors = new AtomicInteger();
    private final Set<String> acknowledgedIds = ConcurrentHashMap.newKeySet();
    private final Map<Integer, Integer> statusCounts = new ConcurrentHashMap<>();

    @Test
    void everyAcknowledgedAlertSurvivesABrokerOutage() throws Exception {
        try (ReceiverHarness receiver = ReceiverHarness.start(
                kafka.bootstrapServers(),
                PodOwnerResolver.disabled(),
                Map.of("SCALIGATOR_RECEIVER_PUBLISH_TIMEOUT", "1s"))) {
            ExecutorService senders = Executors.newFixedThreadPool(SENDERS);
            List<Future<?>> running = java.util.stream.IntStream.range(0, SENDERS)
                    .mapToObj(i -> senders.submit(() -> sendUntilDone(receiver)))
                    .collect(Collectors.toList());

            await().atMost(Duration.ofSeconds(60)).until(() -> completed.get() >= 300);
            kafka.stop();
            await().atMost(Duration.ofSeconds(30)).until(() -> unavailable.get() >= 2 * SENDERS);
            await().atMost(Duration.ofSeconds(10)).until(() -> notReady(receiver));
            int doneDuringOutage = completed.get();
            kafka.broker().restart();
            for (Future<?> sender : running) {
                sender.get(120, TimeUnit.SECONDS);
            }
            senders.shutdown();

            assertThat(completed.get()).isEqualTo(REQUESTS);
            assertThat(doneDuringOutage).isLessThan(REQUESTS - 300);
            assertThat(unavailable.get()).isGreaterThanOrEqualTo(2 * SENDERS);
            Set<String> onTopic = new HashSet<>();
            for (AlertSignal signal : receiver.signals()) {
                onTopic.add(signal.id());
            }
            assertThat(acknowledgedIds).hasSize(REQUESTS * 2);
            assertThat(onTopic).containsAll(acknowledgedIds);
            System.out.printf(
                    "outage run: %d requests acknowledged, %d answers 503, %d connection errors, "
                            + "status counts %s, %d distinct ids on the topic%n",
                    completed.get(), unavailable.get(), connectionErrors.get(), statusCounts, onTopic.size());
        }
    }

    /** Alertmanager's behaviour: retry the same notification with a growing pause until it gets a 2xx. */
    private void sendUntilDone(ReceiverHarness receiver) {
        for (int n = next.getAndIncrement(); n < REQUESTS; n = next.getAndIncrement()) {
            byte[] body = webhook(n);
            long backoffMillis = 20;
            while (true) {
                int status = post(receiver, body);
                statusCounts.merge(status, 1, Integer::sum);
                if (status == 200) {
                    completed.incrementAndGet();
                    break;
                }
                assertThat(status)
                        .as("only 503 or a lost connection may interrupt a valid request")
                        .isIn(503, -1);
                try {
                    Thread.sleep(backoffMillis); // the retry pause of the simulated Alertmanager, not a test wait
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
                backoffMillis = Math.min(backoffMillis * 2, 500);
            }
        }
    }

    private int post(ReceiverHarness receiver, byte[] body) {
        try {
            HttpResponse<String> response = receiver.http()
                    .send(
                            HttpRequest.newBuilder(URI.create(receiver.url("/alerts")))
                                    .header("Content-Type", "application/json")
                                    .header("Authorization", "Bearer " + ReceiverHarness.TOKEN)
                                    .timeout(Duration.ofSeconds(10))
                                    .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() == 200) {
                for (JsonNode id : EventJson.mapper().readTree(response.body()).get("ids")) {
                    acknowledgedIds.add(id.asText());
                }
            } else if (response.statusCode() == 503) {
                assertThat(response.headers().firstValue("Retry-After")).isPresent();
                unavailable.incrementAndGet();
            }
            return response.statusCode();
        } catch (IOException e) {
            connectionErrors.incrementAndGet();
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    private static boolean notReady(ReceiverHarness receiver) {
        return receiver.send(HttpRequest.newBuilder(URI.create(receiver.opsUrl("/readyz")))
                                .build())
                        .statusCode()
                == 503;
    }

    /** A two-alert group, unique per request, shaped like the captured Alertmanager payloads. */
    private static byte[] webhook(int n) {
        String alerts = "{\"status\":\"firing\",\"labels\":{\"alertname\":\"Load\",\"namespace\":\"shop\","
                + "\"deployment\":\"web\",\"instance\":\"i-" + n + "\"},\"annotations\":{\"summary\":\"load\"},"
                + "\"startsAt\":\"2026-11-28T05:41:02Z\",\"endsAt\":\"0001-01-01T00:00:00Z\","
                + "\"generatorURL\":\"http://prometheus:9090/graph\",\"fingerprint\":\"a" + n + "\"},"
                + "{\"status\":\"firing\",\"labels\":{\"alertname\":\"Load\",\"namespace\":\"shop\","
                + "\"statefulset\":\"db\",\"instance\":\"i-" + n + "\"},\"annotations\":{},"
                + "\"startsAt\":\"2026-11-28T05:41:02Z\",\"endsAt\":\"0001-01-01T00:00:00Z\","
                + "\"fingerprint\":\"b" + n + "\"}";
        return ("{\"receiver\":\"scaligator\",\"status\":\"firing\",\"alerts\":[" + alerts + "],\"groupLabels\":"
                        + "{\"alertname\":\"Load\"},\"commonLabels\":{\"alertname\":\"Load\"},\"commonAnnotations\":{},"
                        + "\"externalURL\":\"http://alertmanager:9093\",\"version\":\"4\",\"groupKey\":\"{}:{alertname=\\\"Load\\\"}\","
                        + "\"truncatedAlerts\":0}")
                .getBytes(StandardCharsets.UTF_8);
    }
}
