package io.scaligator.receiver;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.scaligator.common.serde.EventJson;
import io.scaligator.receiver.core.PodOwnerResolver;
import io.scaligator.testkit.KafkaBrokerExtension;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A client that sends its headers and then only part of its body, or trickles it, is answered 408 within seconds
 * (it holds a request thread while it waits), while a handler waiting for Kafka's acknowledgements longer than that
 * still gets its answer.
 */
class SlowClientsIT {

    @RegisterExtension
    static KafkaBrokerExtension kafka = new KafkaBrokerExtension();

    private static final Duration SLOW_KAFKA = Duration.ofSeconds(8);
    private static final AtomicBoolean KAFKA_IS_SLOW = new AtomicBoolean();

    private static ReceiverHarness receiver;

    @BeforeAll
    static void start() {
        receiver = ReceiverHarness.start(
                kafka.bootstrapServers(),
                PodOwnerResolver.disabled(),
                Map.of("SCALIGATOR_RECEIVER_PUBLISH_TIMEOUT", "20s"),
                ReceiverHarness.beforeEachPublish(() -> {
                    if (KAFKA_IS_SLOW.get()) {
                        Thread.sleep(SLOW_KAFKA.toMillis());
                    }
                }));
    }

    @AfterAll
    static void stop() {
        receiver.close();
    }

    @Test
    void aStalledBodyUploadIsAnswered408WithinSeconds() throws Exception {
        long start = System.nanoTime();
        try (Socket socket = upload(1000)) {
            socket.getOutputStream().write("{\"version\":\"4\",".getBytes(StandardCharsets.UTF_8));
            socket.getOutputStream().flush();

            String response = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

            assertRequestTimeout(response);
        }
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(15));
    }

    @Test
    void aTrickledBodyUploadIsAnswered408WithinSeconds() throws Exception {
        long start = System.nanoTime();
        try (Socket socket = upload(1000)) {
            OutputStream out = socket.getOutputStream();
            try {
                for (int i = 0; i < 60; i++) {
                    out.write(' ');
                    out.flush();
                    Thread.sleep(500);
                }
            } catch (IOException cutOff) {
                // the server answered and closed the connection while the body was still trickling in
            }

            String response = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

            assertRequestTimeout(response);
        }
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(20));
    }

    @Test
    void aHandlerWaitingForKafkaLongerThanTheBodyTimeoutStillAnswers() {
        KAFKA_IS_SLOW.set(true);
        try {
            HttpResponse<String> response = receiver.post("/alerts", Payloads.captured(Payloads.FIRING));

            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        } finally {
            KAFKA_IS_SLOW.set(false);
        }
    }

    private static void assertRequestTimeout(String response) throws IOException {
        assertThat(response).startsWith("HTTP/1.1 408 ");
        JsonNode body = EventJson.mapper().readTree(response.substring(response.indexOf("\r\n\r\n") + 4));
        assertThat(body.get("error").asText()).isEqualTo("the request body did not arrive in time");
    }

    /** A socket that has sent the headers of a webhook whose body is {@code length} bytes long. */
    private static Socket upload(int length) throws IOException {
        Socket socket = new Socket(
                InetAddress.getLoopbackAddress(), URI.create(receiver.url("/")).getPort());
        socket.setSoTimeout((int) Duration.ofSeconds(60).toMillis());
        String headers = "POST /alerts HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + ReceiverHarness.TOKEN
                + "\r\nContent-Type: application/json\r\nContent-Length: " + length + "\r\n\r\n";
        socket.getOutputStream().write(headers.getBytes(StandardCharsets.US_ASCII));
        socket.getOutputStream().flush();
        return socket;
    }
}
