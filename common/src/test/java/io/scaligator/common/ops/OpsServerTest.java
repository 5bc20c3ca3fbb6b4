package io.scaligator.common.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class OpsServerTest {

    private final HttpClient http = HttpClient.newHttpClient();
    private final OpsServer ops = OpsServer.start("test-service", "127.0.0.1", 0);

    @AfterEach
    void close() {
        ops.close();
    }

    @Test
    void healthzAnswersWhileTheProcessLives() throws Exception {
        HttpResponse<String> response = get("/healthz");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("ok\n");
    }

    @Test
    void readyzFollowsTheChecksAndNamesTheFailingOne() throws Exception {
        AtomicBoolean kafkaUp = new AtomicBoolean(false);
        ops.addCheck("kafka", () -> kafkaUp.get() ? HealthCheck.Status.ready("connected")
                : HealthCheck.Status.notReady("no broker reachable at localhost:9092"));
        ops.addCheck("informer", () -> HealthCheck.Status.ready("synced"));

        HttpResponse<String> down = get("/readyz");
        kafkaUp.set(true);
        HttpResponse<String> up = get("/readyz");

        assertThat(down.statusCode()).isEqualTo(503);
        assertThat(down.body()).contains("\"ready\":false").contains("no broker reachable at localhost:9092");
        assertThat(up.statusCode()).isEqualTo(200);
        assertThat(up.body()).startsWith("{\"ready\":true");
    }

    @Test
    void aCheckThatThrowsCountsAsNotReady() throws Exception {
        ops.addCheck("broken", () -> {
            throw new IllegalStateException("informer not synced");
        });

        HttpResponse<String> response = get("/readyz");

        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(response.body()).contains("IllegalStateException: informer not synced");
    }

    @Test
    void metricsExposeJvmProcessAndServiceMetersInPrometheusFormat() throws Exception {
        ops.registry().counter("scaligator_test_events", "result", "ok").increment(3);

        HttpResponse<String> response = get("/metrics");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("text/plain"));
        assertThat(response.body())
                .contains("jvm_memory_used_bytes")
                .contains("process_uptime_seconds")
                .contains("scaligator_test_events_total{result=\"ok\",service=\"test-service\"} 3.0");
    }

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + ops.port() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
