package io.scaligator.common.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.Socket;
import java.net.SocketException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
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
    void anUnknownPathIsAJson404NamingIt() throws Exception {
        HttpResponse<String> response = get("/nope");

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
        assertThat(response.body()).startsWith("{\"error\":\"no such endpoint: /nope (this port serves /healthz");
    }

    @Test
    void readyzFollowsTheChecksAndNamesTheFailingOne() throws Exception {
        AtomicBoolean kafkaUp = new AtomicBoolean(false);
        ops.addCheck(
                "kafka",
                () -> kafkaUp.get()
                        ? HealthCheck.Status.ready("connected")
                        : HealthCheck.Status.notReady("no broker reachable at localhost:9092"));
        ops.addCheck("informer", () -> HealthCheck.Status.ready("synced"));

        HttpResponse<String> down = get("/readyz");
        kafkaUp.set(true);
        HttpResponse<String> up = get("/readyz");

        assertThat(down.statusCode()).isEqualTo(503);
        assertThat(down.body())
                .isEqualTo("{\"ready\":false,\"checks\":{\"kafka\":{\"ready\":false},"
                        + "\"informer\":{\"ready\":true}}}");
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
        assertThat(response.body())
                .as("internals stay in the log")
                .isEqualTo("{\"ready\":false,\"checks\":{\"broken\":{\"ready\":false}}}");
    }

    @Test
    void clientsThatSendNothingOrTrickleDoNotStallHealthz() throws Exception {
        List<Socket> slow = new ArrayList<>();
        try {
            for (int i = 0; i < 16; i++) {
                Socket socket = new Socket("127.0.0.1", ops.port());
                if (i % 2 == 1) { // half send nothing at all, half start a request and never finish it
                    socket.getOutputStream()
                            .write("GET /healthz HTTP/1.1\r\nHost: x\r\nX-Slow: a".getBytes(StandardCharsets.US_ASCII));
                    socket.getOutputStream().flush();
                }
                slow.add(socket);
            }

            HttpResponse<String> response = http.send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + ops.port() + "/healthz"))
                            .timeout(Duration.ofSeconds(20))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());

            assertThat(response.statusCode()).isEqualTo(200);
        } finally {
            for (Socket socket : slow) {
                socket.close();
            }
        }
    }

    /**
     * The black-box finding: 40 connections each holding a half-sent request, each reopened as soon as it is cut,
     * took all 32 threads and failed 38 of 39 liveness probes (the kubelet's timeout is 1 s).
     */
    @Test
    void fortyRenewedHalfSentRequestsDoNotFailLivenessProbes() throws Exception {
        AtomicBoolean attacking = new AtomicBoolean(true);
        List<Thread> attackers = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            Thread attacker = new Thread(() -> {
                while (attacking.get()) {
                    try (Socket socket = new Socket("127.0.0.1", ops.port())) {
                        socket.getOutputStream()
                                .write("GET /healthz HTTP/1.1\r\nHost: x\r\n".getBytes(StandardCharsets.US_ASCII));
                        socket.getOutputStream().flush();
                        socket.getInputStream().read(); // until the server cuts it
                    } catch (IOException cut) {
                        // reopen at once
                    }
                }
            });
            attacker.setDaemon(true);
            attacker.start();
            attackers.add(attacker);
        }
        try {
            Thread.sleep(500);
            int failed = 0;
            for (int probe = 0; probe < 30; probe++) {
                try {
                    HttpResponse<String> response = http.send(
                            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + ops.port() + "/healthz"))
                                    .timeout(Duration.ofSeconds(1))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
                    failed += response.statusCode() == 200 ? 0 : 1;
                } catch (IOException timedOutOrRefused) {
                    failed++;
                }
                Thread.sleep(200);
            }

            assertThat(failed).as("failed probes of 30").isZero();
        } finally {
            attacking.set(false);
            for (Thread attacker : attackers) {
                attacker.join(Duration.ofSeconds(10).toMillis());
            }
        }
    }

    @Test
    void cutsOffAClientThatNeverFinishesItsRequest() throws Exception {
        try (Socket socket = new Socket("127.0.0.1", ops.port())) {
            socket.getOutputStream().write("GET /healthz HTTP/1.1\r\nHost: x\r\n".getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            socket.setSoTimeout((int) Duration.ofSeconds(60).toMillis());

            int read;
            try {
                read = socket.getInputStream().read();
            } catch (SocketException reset) {
                read = -1;
            }

            assertThat(read)
                    .as("closed without an answer after the request time limit")
                    .isEqualTo(-1);
        }
    }

    @Test
    void metricsExposeJvmProcessAndServiceMetersInPrometheusFormat() throws Exception {
        ops.registry().counter("scaligator_test_events", "result", "ok").increment(3);

        HttpResponse<String> response = get("/metrics");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type"))
                .hasValueSatisfying(v -> assertThat(v).startsWith("text/plain"));
        assertThat(response.body())
                .contains("jvm_memory_used_bytes")
                .contains("process_uptime_seconds")
                .contains("scaligator_test_events_total{result=\"ok\",service=\"test-service\"} 3.0");
    }

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + ops.port() + path))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
