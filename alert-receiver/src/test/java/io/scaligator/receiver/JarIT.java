package io.scaligator.receiver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.scaligator.common.event.AlertSignal;
import io.scaligator.common.serde.EventJson;
import io.scaligator.testkit.CommittedRecords;
import io.scaligator.testkit.KafkaBrokerExtension;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The shaded jar as it is deployed: config file, token file, an alert through, SIGTERM, clean stop. */
class JarIT {

    private static final Path JAR = Path.of("target/alert-receiver.jar");
    private static final Pattern LISTENING =
            Pattern.compile("alert receiver listening on http://127\\.0\\.0\\.1:(\\d+)/");
    private static final String TOKEN = "jar-token-from-a-mounted-secret";

    @RegisterExtension
    static KafkaBrokerExtension kafka = new KafkaBrokerExtension();

    @TempDir
    Path dir;

    @Test
    void servesAnAlertAndStopsCleanlyOnSigterm() throws Exception {
        Files.writeString(dir.resolve("token"), TOKEN + "\n");
        Path config = write("""
                watch_namespaces = ["shop"]
                [kafka]
                bootstrap_servers = "%s"
                topic_prefix = "jar."
                partitions = 2
                [receiver]
                bind_address = "127.0.0.1"
                port = 0
                ops_port = 0
                token_file = "%s"
                resolve_pods = false
                """.formatted(kafka.bootstrapServers(), dir.resolve("token")));
        List<String> output = new CopyOnWriteArrayList<>();
        Process process = start(config, output);
        try {
            int port = await().atMost(Duration.ofSeconds(60)).until(() -> port(output), p -> p > 0);
            HttpResponse<String> response = HttpClient.newHttpClient()
                    .send(
                            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/alerts"))
                                    .header("Content-Type", "application/json")
                                    .header("Authorization", "Bearer " + TOKEN)
                                    .POST(HttpRequest.BodyPublishers.ofByteArray(Payloads.captured(Payloads.FIRING)))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        } finally {
            process.toHandle().destroy(); // SIGTERM; Process.destroy() would also close our end of its output
        }
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).isEqualTo(143);
        await().atMost(Duration.ofSeconds(5))
                .untilAsserted(() -> assertThat(String.join("\n", output)).contains("alert receiver stopped"));
        assertThat(String.join("\n", output))
                .contains("alert receiver stopped")
                .contains("recorded for shop/Deployment/checkout")
                .doesNotContain(TOKEN);
        assertThat(readTopic("jar.alerts")).singleElement().satisfies(s -> assertThat(s.key())
                .isEqualTo("shop/Deployment/checkout"));
    }

    @Test
    void refusesToStartWithoutACredentialUnlessAuthIsDisabled() throws Exception {
        Path config = write("""
                [kafka]
                bootstrap_servers = "%s"
                [receiver]
                port = 0
                ops_port = 0
                """.formatted(kafka.bootstrapServers()));
        List<String> output = new CopyOnWriteArrayList<>();
        Process process = start(config, output);

        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).isEqualTo(2);
        await().atMost(Duration.ofSeconds(5))
                .until(() -> String.join("\n", output).contains("receiver.token"));
        assertThat(String.join("\n", output))
                .contains("receiver.auth = \"none\"")
                .doesNotContain("\tat ");
    }

    private Path write(String toml) throws IOException {
        Path file = dir.resolve("config.toml");
        Files.writeString(file, toml);
        return file;
    }

    private static Process start(Path config, List<String> output) throws IOException {
        assertThat(JAR)
                .as("the shaded jar is built in the package phase, before the ITs")
                .exists();
        Process process = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-jar",
                        JAR.toString(),
                        "--config",
                        config.toString())
                .redirectErrorStream(true)
                .start();
        Thread reader = new Thread(
                () -> {
                    try (BufferedReader lines = new BufferedReader(
                            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                        lines.lines().forEach(output::add);
                    } catch (IOException e) {
                        output.add("output reader failed: " + e);
                    }
                },
                "jar-output");
        reader.setDaemon(true);
        reader.start();
        return process;
    }

    private static int port(List<String> output) {
        for (String line : output) {
            Matcher matcher = LISTENING.matcher(line);
            if (matcher.find()) {
                return Integer.parseInt(matcher.group(1));
            }
        }
        return 0;
    }

    private static List<AlertSignal> readTopic(String topic) {
        return CommittedRecords.readAll(kafka.bootstrapServers(), topic, Duration.ofMinutes(1)).stream()
                .map(record -> EventJson.read(record.value(), AlertSignal.class))
                .toList();
    }
}
