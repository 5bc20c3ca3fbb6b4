package io.scaligator.receiver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.scaligator.common.event.AlertDetails.AlertStatus;
import io.scaligator.common.event.AlertSignal;
import io.scaligator.receiver.core.PodOwnerResolver;
import io.scaligator.testkit.AlertmanagerLauncher;
import io.scaligator.testkit.KafkaBrokerExtension;
import io.scaligator.testkit.MetricsExporter;
import io.scaligator.testkit.PrometheusLauncher;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * End to end with the real Debian binaries: a Prometheus rule fires on a series the test controls, Alertmanager
 * notifies this receiver with a bearer token, and the firing alert and then its resolution land on the alerts
 * topic keyed by the workload the series names.
 */
class PrometheusToKafkaIT {

    @RegisterExtension
    static KafkaBrokerExtension kafka = new KafkaBrokerExtension();

    private static final Map<String, String> SERIES = Map.of("namespace", "shop", "deployment", "checkout");

    @Test
    void firingRuleAndItsResolutionArriveOnTheAlertsTopic() {
        PrometheusLauncher.requireBinary();
        AlertmanagerLauncher.requireBinary();
        try (ReceiverHarness receiver = ReceiverHarness.start(kafka.bootstrapServers(), PodOwnerResolver.disabled());
                MetricsExporter exporter = MetricsExporter.start();
                AlertmanagerLauncher alertmanager = alertmanagerFor(receiver);
                PrometheusLauncher prometheus = prometheus(exporter, alertmanager, """
                        groups:
                          - name: queue
                            rules:
                              - alert: QueueTooDeep
                                expr: scaligator_test_queue_depth > 50
                                labels:
                                  severity: page
                                annotations:
                                  summary: queue depth {{ $value }}
                        """)) {
            exporter.set("scaligator_test_queue_depth", SERIES, 120);

            AlertSignal firing = await().atMost(Duration.ofSeconds(90))
                    .pollInterval(Duration.ofSeconds(1))
                    .until(() -> find(receiver, AlertStatus.FIRING), Optional::isPresent)
                    .get();
            exporter.set("scaligator_test_queue_depth", SERIES, 3);
            AlertSignal resolved = await().atMost(Duration.ofSeconds(90))
                    .pollInterval(Duration.ofSeconds(1))
                    .until(() -> find(receiver, AlertStatus.RESOLVED), Optional::isPresent)
                    .get();

            assertThat(firing.key()).isEqualTo(resolved.key()).isEqualTo("shop/Deployment/checkout");
            assertThat(firing.allowed()).isTrue();
            assertThat(firing.alert().labels())
                    .containsEntry("severity", "page")
                    .containsEntry("job", "queue");
            assertThat(firing.alert().annotations()).containsEntry("summary", "queue depth 120");
            assertThat(firing.alert().generatorUrl()).contains("/graph?g0.expr=scaligator_test_queue_depth");
            assertThat(resolved.alert().fingerprint()).isEqualTo(firing.alert().fingerprint());
            assertThat(resolved.alert().startsAt()).isEqualTo(firing.alert().startsAt());
            assertThat(resolved.alert().endsAt()).isNotNull();
            assertThat(resolved.id()).isNotEqualTo(firing.id());
        }
    }

    /**
     * Alertmanager sends a rule's alerts as one group and does not re-send it after a 4xx: one alert out of bounds
     * (here a label value of 5,000 characters) must not lose the others, and a runbook annotation over the bound is
     * cut rather than refused.
     */
    @Test
    void anAlertOutOfBoundsDoesNotLoseTheRestOfItsGroup() {
        PrometheusLauncher.requireBinary();
        AlertmanagerLauncher.requireBinary();
        String runbook = "r".repeat(17_000);
        try (ReceiverHarness receiver = ReceiverHarness.start(kafka.bootstrapServers(), PodOwnerResolver.disabled());
                MetricsExporter exporter = MetricsExporter.start();
                AlertmanagerLauncher alertmanager = alertmanagerFor(receiver);
                PrometheusLauncher prometheus = prometheus(exporter, alertmanager, """
                        groups:
                          - name: queue
                            rules:
                              - alert: QueueTooDeep
                                expr: scaligator_test_queue_depth > 50
                                annotations:
                                  runbook: %s
                        """.formatted(runbook))) {
            exporter.set("scaligator_test_queue_depth", SERIES, 120);
            exporter.set(
                    "scaligator_test_queue_depth",
                    Map.of("namespace", "shop", "deployment", "cart", "note", "n".repeat(5_000)),
                    120);

            AlertSignal firing = await().atMost(Duration.ofSeconds(90))
                    .pollInterval(Duration.ofSeconds(1))
                    .until(() -> find(receiver, AlertStatus.FIRING), Optional::isPresent)
                    .get();

            assertThat(firing.key()).isEqualTo("shop/Deployment/checkout");
            assertThat(firing.alert().annotations().get("runbook"))
                    .hasSizeLessThanOrEqualTo(16_384)
                    .startsWith("rrrr")
                    .endsWith("... [cut by Scaligator from 17000 characters]");
            assertThat(receiver.signals())
                    .as("the alert with the 5,000-character label is refused alone")
                    .noneMatch(s -> s.key().contains("cart"));
        }
    }

    /** A real Alertmanager notifying the receiver with its token, grouping by alertname. */
    private static AlertmanagerLauncher alertmanagerFor(ReceiverHarness receiver) {
        return AlertmanagerLauncher.start(AlertmanagerLauncher.webhookConfig(
                receiver.url("/alerts"), ReceiverHarness.TOKEN, List.of("alertname")));
    }

    /** A real Prometheus scraping the exporter and alerting to Alertmanager with the rules file {@code queue.yml}. */
    private static PrometheusLauncher prometheus(
            MetricsExporter exporter, AlertmanagerLauncher alertmanager, String rules) {
        return PrometheusLauncher.start(
                PrometheusLauncher.alertingConfig("queue", exporter.target(), alertmanager.target()),
                Map.of("queue.yml", rules));
    }

    private static Optional<AlertSignal> find(ReceiverHarness receiver, AlertStatus status) {
        List<AlertSignal> signals = receiver.signals();
        return signals.stream()
                .filter(s ->
                        s.alert().name().equals("QueueTooDeep") && s.alert().status() == status)
                .findFirst();
    }
}
