package io.scaligator.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.scaligator.common.event.AlertDetails;
import io.scaligator.common.event.AlertSignal;
import io.scaligator.common.event.Decision;
import io.scaligator.common.event.TriggerDetails;
import io.scaligator.common.kafka.Topics;
import io.scaligator.common.serde.EventJson;
import io.scaligator.common.target.TargetRef;
import io.scaligator.embedded.Loopback;
import io.scaligator.testkit.CommittedRecords;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The oversize-state attack of issue 19 on the all-in-one stack, written straight to the alerts topic (the receiver
 * refuses such fingerprints at the door; Kafka is the real authority, so the engine must hold on its own): twenty
 * firing alerts with 50 KB fingerprints and 300 triggers with long sources for default/web, plus records that are
 * not events at all. The engine refuses them with decisions saying so, sends the unreadable ones to the dead-letter
 * topic, stays ready, and an ordinary alert for default/api still scales it.
 */
class HostileRecordsIT {

    private static final String TOKEN = "hostile-records-token-0123456789";
    private static final TargetRef WEB = TargetRef.deployment("default", "web");
    private static final TargetRef API = TargetRef.deployment("default", "api");

    @TempDir
    Path dir;

    @Test
    void oneTargetsHostileRecordsNeverStopTheOthersScaling() throws Exception {
        int receiverPort = Loopback.freePort();
        int engineOpsPort = Loopback.freePort();
        Path config = dir.resolve("hostile.toml");
        Files.writeString(config, """
                prometheus_url = "http://127.0.0.1:9"
                watch_namespaces = ["default"]
                reconcile_interval = 1

                [receiver]
                port = %d
                ops_port = 0
                token = "%s"

                [poller]
                ops_port = 0

                [engine]
                ops_port = %d

                [actuator]
                ops_port = 0

                [[alert_rules]]
                name = "high-cpu"
                match = { alertname = "HighCPUUsage" }
                floor_add = 2
                """.formatted(receiverPort, TOKEN, engineOpsPort));
        try (LocalStack stack = LocalStack.start(
                new LocalOptions(config, true, dir.resolve("data"), Loopback.freePort()),
                Map.of(),
                new PrintStream(OutputStream.nullOutputStream()))) {
            Topics topics = new Topics(stack.config().kafka().topicPrefix());
            // The engine scales only what it has observed.
            await().atMost(Duration.ofMinutes(2))
                    .until(() -> observed(stack, topics, API) && observed(stack, topics, WEB));

            int hostile = attack(stack.bootstrapServers(), topics);

            HttpResponse<String> ordinary = HttpClient.newHttpClient()
                    .send(
                            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + receiverPort + "/alerts"))
                                    .header("Authorization", "Bearer " + TOKEN)
                                    .header("Content-Type", "application/json")
                                    .POST(HttpRequest.BodyPublishers.ofString(apiAlert()))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
            assertThat(ordinary.statusCode()).isEqualTo(200);

            await().atMost(Duration.ofMinutes(2)).until(() -> replicas(stack, API) == 3);
            assertThat(HttpClient.newHttpClient()
                            .send(
                                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + engineOpsPort + "/readyz"))
                                            .build(),
                                    HttpResponse.BodyHandlers.ofString())
                            .statusCode())
                    .as("the engine is still ready")
                    .isEqualTo(200);
            List<Decision> web = RecordedChain.read(stack.bootstrapServers(), topics).of(WEB).stream()
                    .filter(d -> d.input().topic().equals(topics.alerts()))
                    .toList();
            assertThat(web)
                    .as("every hostile signal for web is decided, none scales it")
                    .hasSizeGreaterThanOrEqualTo(hostile)
                    .noneMatch(d -> d.result() == Decision.Result.SCALE);
            assertThat(web).filteredOn(d -> d.rule().equals("bound")).hasSizeGreaterThanOrEqualTo(20);
            assertThat(web)
                    .allSatisfy(d -> assertThat(EventJson.write(d).length).isLessThan(64 * 1024));
            assertThat(replicas(stack, WEB)).isEqualTo(2);
            await().atMost(Duration.ofMinutes(1))
                    .until(() -> CommittedRecords.readAll(
                                            stack.bootstrapServers(), topics.deadLetters(), Duration.ofSeconds(10))
                                    .size()
                            >= 2);
        }
    }

    /** Writes the attack to the alerts and observations topics; returns how many were events for web. */
    private static int attack(String bootstrap, Topics topics) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 4 * 1024 * 1024);
        int events = 0;
        try (KafkaProducer<String, byte[]> producer =
                new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer())) {
            Instant now = Instant.now();
            for (int i = 0; i < 20; i++) {
                String fingerprint = Integer.toHexString(i) + "f".repeat(50_000);
                AlertSignal alert = new AlertSignal(
                        "big-" + i,
                        AlertSignal.SignalKind.ALERT,
                        WEB,
                        null,
                        true,
                        null,
                        now,
                        new AlertDetails(
                                "HighCPUUsage",
                                AlertDetails.AlertStatus.FIRING,
                                fingerprint,
                                now.minusSeconds(30),
                                null,
                                Map.of("alertname", "HighCPUUsage"),
                                Map.of(),
                                null,
                                "scaligator",
                                "{}"),
                        null);
                producer.send(new ProducerRecord<>(topics.alerts(), WEB.key(), EventJson.write(alert)));
                events++;
            }
            for (int i = 0; i < 300; i++) {
                AlertSignal trigger = new AlertSignal(
                        "long-" + i,
                        AlertSignal.SignalKind.TRIGGER,
                        WEB,
                        null,
                        true,
                        null,
                        now,
                        null,
                        new TriggerDetails(
                                TriggerDetails.TriggerAction.SCALE_UP,
                                null,
                                1,
                                600,
                                "r".repeat(5_000),
                                "source-" + i + "-" + "s".repeat(200)));
                producer.send(new ProducerRecord<>(topics.alerts(), WEB.key(), EventJson.write(trigger)));
                events++;
            }
            producer.send(
                    new ProducerRecord<>(topics.alerts(), WEB.key(), "{not json".getBytes(StandardCharsets.UTF_8)));
            producer.send(new ProducerRecord<>(topics.observations(), WEB.key(), new byte[] {0, 1, 2, (byte) 0xff}));
            producer.flush();
        }
        return events;
    }

    private static String apiAlert() {
        return """
                {"version": "4", "status": "firing", "receiver": "scaligator", "groupKey": "{}:{}",
                 "alerts": [{"status": "firing",
                   "labels": {"alertname": "HighCPUUsage", "namespace": "default", "deployment": "api"},
                   "startsAt": "%s", "fingerprint": "0123456789abcdef"}]}
                """.formatted(Instant.now().minusSeconds(60));
    }

    private static boolean observed(LocalStack stack, Topics topics, TargetRef target) {
        return !RecordedChain.read(stack.bootstrapServers(), topics).of(target).isEmpty();
    }

    private static int replicas(LocalStack stack, TargetRef target) {
        return stack.kube()
                .apps()
                .deployments()
                .inNamespace(target.namespace())
                .withName(target.name())
                .get()
                .getSpec()
                .getReplicas();
    }
}
