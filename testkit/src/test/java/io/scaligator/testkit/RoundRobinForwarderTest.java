package io.scaligator.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import io.scaligator.embedded.Loopback;
import java.io.IOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RoundRobinForwarderTest {
    private final MetricsExporter first = MetricsExporter.start();
    private final MetricsExporter second = MetricsExporter.start();
    private final List<AutoCloseable> started = new ArrayList<>(List.of(first, second));

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable closeable : started) {
            closeable.close();
        }
    }

    @Test
    void sendsEachNewConnectionToTheNextBackendInTurn() throws Exception {
        first.set("backend", Map.of("name", "first"), 1);
        second.set("backend", Map.of("name", "second"), 2);
        RoundRobinForwarder forwarder = forwarder(port(first), port(second));

        List<String> answers = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            // a new client, so a new connection
            answers.add(get(newClient(), forwarder.url() + "/metrics"));
        }

        assertThat(answers).containsExactly(first.render(), second.render(), first.render(), second.render());
    }

    @Test
    void aKeptAliveConnectionStaysWithItsBackend() throws Exception {
        first.set("backend", Map.of("name", "first"), 1);
        second.set("backend", Map.of("name", "second"), 2);
        RoundRobinForwarder forwarder = forwarder(port(first), port(second));
        HttpClient client = newClient();

        List<String> answers = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            answers.add(get(client, forwarder.url() + "/metrics"));
        }

        assertThat(answers).containsOnly(first.render());
    }

    @Test
    void aConnectionToABackendThatIsNotListeningIsClosedAndTheNextGoesOn() throws Exception {
        second.set("backend", Map.of("name", "second"), 2);
        RoundRobinForwarder forwarder = forwarder(Loopback.freePort(), port(second));

        URI address = URI.create(forwarder.url());
        try (Socket refused = new Socket(address.getHost(), address.getPort())) {
            refused.setSoTimeout(5_000);
            assertThat(refused.getInputStream().read()).as("end of stream").isEqualTo(-1);
        }
        assertThat(get(newClient(), forwarder.url() + "/metrics")).isEqualTo(second.render());
    }

    private RoundRobinForwarder forwarder(int... ports) {
        RoundRobinForwarder forwarder =
                RoundRobinForwarder.start(Arrays.stream(ports).boxed().toList());
        started.add(forwarder);
        assertThat(forwarder.url()).startsWith("http://127.0.0.1:");
        return forwarder;
    }

    private static int port(MetricsExporter exporter) {
        return Integer.parseInt(exporter.target().substring(exporter.target().lastIndexOf(':') + 1));
    }

    private static HttpClient newClient() {
        return HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    }

    private static String get(HttpClient client, String url) throws IOException, InterruptedException {
        HttpResponse<String> response = client.send(
                HttpRequest.newBuilder(URI.create(url))
                        .timeout(Duration.ofSeconds(5))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        return response.body();
    }
}
