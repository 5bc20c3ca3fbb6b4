package io.scaligator.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.scaligator.common.kafka.Topics;
import io.scaligator.embedded.Loopback;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README quickstart, as a newcomer runs it: the shaded jar with the demo config on a simulated cluster, the
 * documented alert posted with the printed token, the scale visible in the output, Ctrl-C (SIGTERM here) stopping
 * cleanly, a second start on the same data directory, and a third after the second was killed with SIGKILL.
 */
class QuickstartIT {

    private static final Path JAR = Path.of("target", "scaligator-local.jar");
    private static final Path DEMO_CONFIG = Path.of("..", "config", "demo.toml");
    private static final Path DEMO_ALERT = Path.of("..", "config", "demo-alert.json");
    private static final Topics DEMO_TOPICS = new Topics("scaligator.");

    @TempDir
    Path dir;

    @Test
    void theDemoAlertScalesTheSampleDeploymentAndTheRunnerRestartsAfterAStopAndAfterAKill() throws Exception {
        int kafkaPort = Loopback.freePort();
        int webhookPort = Loopback.freePort();
        Path firstOutput = dir.resolve("first.log");
        Process first = start(kafkaPort, webhookPort, firstOutput);
        try {
            // A busy machine may take minutes to start a broker and four services; a start that fails ends the wait.
            await().atMost(Duration.ofMinutes(5))
                    .until(() -> output(firstOutput).contains("Scaligator is running") || !first.isAlive());
            assertThat(output(firstOutput)).contains("Scaligator is running");
            String token = Files.readString(dir.resolve("data").resolve(WebhookToken.FILE))
                    .strip();
            assertThat(output(firstOutput)).contains("Token:      " + token).contains("SIMULATED Kubernetes API");

            HttpResponse<String> response = HttpClient.newHttpClient()
                    .send(
                            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + webhookPort + "/alerts"))
                                    .header("Authorization", "Bearer " + token)
                                    .header("Content-Type", "application/json")
                                    .POST(HttpRequest.BodyPublishers.ofFile(DEMO_ALERT))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());

            assertThat(response.statusCode()).isEqualTo(200);
            await().atMost(Duration.ofMinutes(1))
                    .until(() -> output(firstOutput).contains("outcome   default/Deployment/web  applied  2 -> 4"));
            assertThat(output(firstOutput)).contains("decision  default/Deployment/web  2 -> 4");
            assertThat(partitionCounts(kafkaPort))
                    .as("one broker: one partition per topic unless configured")
                    .hasSize(DEMO_TOPICS.all().size())
                    .containsOnly(1);
        } finally {
            first.destroy();
        }
        assertThat(first.waitFor(60, TimeUnit.SECONDS))
                .as("stopped within a minute of SIGTERM")
                .isTrue();
        assertThat(output(firstOutput)).contains("stopped; run the same command again to continue from");

        Path secondOutput = dir.resolve("second.log");
        Process second = start(kafkaPort, webhookPort, secondOutput);
        try {
            awaitRunning(second, secondOutput);

            // Someone runs the Quickstart again in a second terminal: on the same data directory, and (another data
            // directory) on the same Kafka port. Each is refused in one line, and the running one carries on.
            Path sameDirOutput = dir.resolve("same-dir.log");
            Process sameDir = start(dir.resolve("data"), Loopback.freePort(), Loopback.freePort(), sameDirOutput);
            assertThat(sameDir.waitFor(2, TimeUnit.MINUTES)).isTrue();
            assertThat(sameDir.exitValue()).isEqualTo(1);
            assertThat(output(sameDirOutput))
                    .contains("cannot start: the data directory "
                            + dir.resolve("data").toAbsolutePath() + " is in use by another scaligator-local")
                    .doesNotContain("\tat ");
            Path samePortOutput = dir.resolve("same-port.log");
            Process samePort = start(dir.resolve("other-data"), kafkaPort, Loopback.freePort(), samePortOutput);
            assertThat(samePort.waitFor(2, TimeUnit.MINUTES)).isTrue();
            assertThat(samePort.exitValue()).isEqualTo(1);
            assertThat(output(samePortOutput))
                    .contains("cannot start: Kafka's port 127.0.0.1:" + kafkaPort + " is in use")
                    .doesNotContain("\tat ");
            assertThat(second.isAlive()).isTrue();
            assertThat(partitionCounts(kafkaPort)).hasSize(DEMO_TOPICS.all().size());
            assertThat(output(secondOutput)).doesNotContain("fatal fault");
        } finally {
            second.destroyForcibly();
            assertThat(second.waitFor(60, TimeUnit.SECONDS)).isTrue();
        }

        // After a SIGKILL: the data directory's lock is free again, the broker recovers its log, the engine its state
        // (the alert is still firing: its floor is kept) and the freshly simulated cluster, back at 2 replicas, is
        // scaled to the floor again. Its session timeout is 45 s: with the all-in-one's static instance id the
        // restarted engine does not wait for its killed predecessor's session to expire. If the killed runner had
        // already commanded the floor for its own fresh cluster, either its actuator had not committed that command
        // yet, and the restarted actuator applies it again at once, or it had, and the engine awaits that command until
        // an observation shows it, which the new simulated cluster never will: the wait ends after the actuator's
        // command_ttl (2 min after the command was decided), and then the floor is commanded again. Hence up to 4
        // minutes.
        Path thirdOutput = dir.resolve("third.log");
        Process third = start(kafkaPort, webhookPort, thirdOutput);
        try {
            awaitRunning(third, thirdOutput);
            try {
                await().atMost(Duration.ofMinutes(4))
                        .until(() -> output(thirdOutput).contains("outcome   default/Deployment/web  applied  2 -> 4"));
            } catch (ConditionTimeoutException e) {
                throw new AssertionError(
                        "the floor was not applied again within 4 minutes of the restart after the kill;\n"
                                + "killed runner's output:\n" + output(secondOutput) + "\nrestarted runner's output:\n"
                                + output(thirdOutput),
                        e);
            }
            assertThat(output(thirdOutput))
                    .containsPattern("decision  default/Deployment/web  2 -> 4  alert HighCPUUsage firing");
        } finally {
            third.destroy();
            assertThat(third.waitFor(60, TimeUnit.SECONDS)).isTrue();
        }
    }

    private static void awaitRunning(Process runner, Path output) throws IOException {
        await().atMost(Duration.ofMinutes(5))
                .until(() -> output(output).contains("Scaligator is running") || !runner.isAlive());
        assertThat(output(output)).contains("Scaligator is running").doesNotContain("cannot start");
    }

    /** The partition count of each of Scaligator's topics on the runner's broker. */
    private static List<Integer> partitionCounts(int kafkaPort) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:" + kafkaPort))) {
            return admin.describeTopics(DEMO_TOPICS.all()).allTopicNames().get(30, TimeUnit.SECONDS).values().stream()
                    .map(topic -> topic.partitions().size())
                    .toList();
        }
    }

    private Process start(int kafkaPort, int webhookPort, Path output) throws IOException {
        return start(dir.resolve("data"), kafkaPort, webhookPort, output);
    }

    private static Process start(Path dataDir, int kafkaPort, int webhookPort, Path output) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(List.of(
                        "java",
                        "-jar",
                        JAR.toString(),
                        "--config",
                        DEMO_CONFIG.toString(),
                        "--simulated-cluster",
                        "--data-dir",
                        dataDir.toString(),
                        "--kafka-port",
                        String.valueOf(kafkaPort)))
                .redirectErrorStream(true)
                .redirectOutput(output.toFile());
        builder.environment().put("SCALIGATOR_RECEIVER_PORT", String.valueOf(webhookPort));
        for (String service : List.of("RECEIVER", "POLLER", "ENGINE", "ACTUATOR")) {
            builder.environment().put("SCALIGATOR_" + service + "_OPS_PORT", "0");
        }
        return builder.start();
    }

    private static String output(Path file) throws IOException {
        return Files.exists(file) ? Files.readString(file) : "";
    }
}
