package io.scaligator.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class MetricsExporterTest {
    private final MetricsExporter exporter = MetricsExporter.start();

    @AfterEach
    void stop() {
        exporter.close();
    }

    @Test
    void servesSetSeriesGroupedByMetricInTextFormat() throws Exception {
        exporter.set("container_cpu_usage", Map.of("pod", "web-1", "namespace", "dev"), 0.9);
        exporter.set("up", Map.of(), 1);
        exporter.set("container_cpu_usage", Map.of("namespace", "dev", "pod", "web-0"), 0.25);

        HttpResponse<String> response = Http.get(exporter.url());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("text/plain; version=0.0.4; charset=utf-8");
        assertThat(response.body()).isEqualTo("""
                # TYPE container_cpu_usage gauge
                container_cpu_usage{namespace="dev",pod="web-0"} 0.25
                container_cpu_usage{namespace="dev",pod="web-1"} 0.9
                # TYPE up gauge
                up 1.0
                """);
    }

    @Test
    void setReplacesAndRemoveDropsASeries() {
        exporter.set("queue_depth", Map.of("queue", "a"), 1);
        exporter.set("queue_depth", Map.of("queue", "a"), 7);
        exporter.set("queue_depth", Map.of("queue", "b"), 3);

        exporter.remove("queue_depth", Map.of("queue", "b"));

        assertThat(exporter.render()).isEqualTo("# TYPE queue_depth gauge\nqueue_depth{queue=\"a\"} 7.0\n");
    }

    @Test
    void escapesLabelValuesAndWritesSpecialValuesAsPrometheusDoes() {
        exporter.set("odd", Map.of("path", "C:\\tmp \"x\"\nnext"), Double.NaN);
        exporter.set("odd", Map.of("path", "inf"), Double.POSITIVE_INFINITY);

        assertThat(exporter.render())
                .contains("odd{path=\"C:\\\\tmp \\\"x\\\"\\nnext\"} NaN\n")
                .contains("odd{path=\"inf\"} +Inf\n");
    }

    @Test
    void rejectsNamesPrometheusWouldNotParse() {
        assertThatThrownBy(() -> exporter.set("cpu-usage", Map.of(), 1)).hasMessageContaining("cpu-usage");
        assertThatThrownBy(() -> exporter.set("cpu", Map.of("1pod", "x"), 1)).hasMessageContaining("1pod");
    }

    @Test
    void targetIsALoopbackHostAndPort() {
        assertThat(exporter.target()).matches("127\\.0\\.0\\.1:\\d+");
        assertThat(exporter.url()).isEqualTo("http://" + exporter.target() + "/metrics");
    }
}
