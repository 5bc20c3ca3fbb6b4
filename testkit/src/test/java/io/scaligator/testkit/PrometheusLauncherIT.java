package io.scaligator.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class PrometheusLauncherIT {
    private static final Map<String, String> WEB_1 = Map.of("namespace", "dev", "pod", "web-1");
    private static final String HIGH_CPU_RULES = """
            groups:
              - name: scaligator-test
                rules:
                  - alert: HighCpu
                    expr: container_cpu_usage > 0.8
                    labels:
                      severity: warning
            """;

    private MetricsExporter exporter;

    @BeforeAll
    static void requireBinaries() {
        PrometheusLauncher.requireBinary();
    }

    @BeforeEach
    void startExporter() {
        exporter = MetricsExporter.start();
        exporter.set("container_cpu_usage", WEB_1, 0.9);
    }

    @AfterEach
    void stopExporter() {
        exporter.close();
    }

    @Test
    void queryReturnsTheScrapedValueAndFollowsItsChanges() {
        try (PrometheusLauncher prometheus = PrometheusLauncher.start(config(""))) {
            await().atMost(Duration.ofSeconds(20))
                    .until(
                            () -> value(prometheus, "container_cpu_usage{pod=\"web-1\"}"),
                            v -> v.equals(Optional.of(0.9)));

            exporter.set("container_cpu_usage", WEB_1, 0.3);

            await().atMost(Duration.ofSeconds(20))
                    .until(
                            () -> value(prometheus, "container_cpu_usage{pod=\"web-1\"}"),
                            v -> v.equals(Optional.of(0.3)));
        }
    }

    @Test
    void suppliedRuleFileFiresAlertThatReachesAlertmanager() {
        AlertmanagerLauncher.requireBinary();
        try (AlertmanagerLauncher alertmanager = AlertmanagerLauncher.start(AlertmanagerLauncherIT.CONFIG);
                PrometheusLauncher prometheus = PrometheusLauncher.start(
                        config("""
                     alerting:
                       alertmanagers:
                         - static_configs:
                             - targets: ["%s"]
                     """.formatted(alertmanager.target())), Map.of("high-cpu.yml", HIGH_CPU_RULES))) {

            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                JsonNode alerts = Http.getJson(prometheus.url() + "/api/v1/alerts")
                        .path("data")
                        .path("alerts");
                assertThat(alerts).anySatisfy(alert -> {
                    assertThat(alert.path("labels").path("alertname").asText()).isEqualTo("HighCpu");
                    assertThat(alert.path("state").asText()).isEqualTo("firing");
                });
            });
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(
                            Http.getJson(alertmanager.url() + "/api/v2/alerts"))
                    .anySatisfy(alert -> {
                        assertThat(alert.path("labels").path("alertname").asText())
                                .isEqualTo("HighCpu");
                        assertThat(alert.path("labels").path("pod").asText()).isEqualTo("web-1");
                    }));
        }
    }

    @Test
    void invalidConfigFailsFastWithTheProcessOutput() {
        assertThatThrownBy(() -> PrometheusLauncher.start("scrape_configs: [ {job_name: "))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("exited with code")
                .hasMessageContaining("prometheus.yml");
    }

    private String config(String extra) {
        return """
                global:
                  scrape_interval: 1s
                  evaluation_interval: 1s
                rule_files: ["rules/*.yml"]
                scrape_configs:
                  - job_name: exporter
                    static_configs:
                      - targets: ["%s"]
                """.formatted(exporter.target()) + extra;
    }

    private static Optional<Double> value(PrometheusLauncher prometheus, String promql) throws Exception {
        JsonNode result = Http.getJson(prometheus.url() + "/api/v1/query?query=" + Http.encode(promql))
                .path("data")
                .path("result");
        if (result.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(Double.parseDouble(result.get(0).path("value").get(1).asText()));
    }
}
