package io.scaligator.engine.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.scaligator.common.config.ScaligatorConfig;
import io.scaligator.common.config.TopicRetention;
import io.scaligator.common.event.Decision;
import io.scaligator.common.event.Observation;
import io.scaligator.common.event.ScaleCommand;
import io.scaligator.common.kafka.TopicAdmin;
import io.scaligator.common.kafka.TopicLayoutException;
import io.scaligator.common.kafka.Topics;
import io.scaligator.common.ops.OpsServer;
import io.scaligator.common.serde.EventJson;
import io.scaligator.engine.DecisionEngine;
import io.scaligator.engine.policy.Policies;
import io.scaligator.testkit.Backlog;
import io.scaligator.testkit.KafkaBrokerExtension;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The engine jar on the real broker is killed with SIGKILL while it works through a backlog, then restarted on the
 * same state directory: every input yields exactly one committed decision and, here, exactly one command, with
 * the ids the input coordinates determine — nothing lost, nothing duplicated. The engine has a static instance id
 * and a session timeout of ten minutes: the restarted instance must take its partitions back at once, since
 * waiting for its killed predecessor's session to expire would outlast the test's 90 s bound on the backlog.
 */
class EngineCrashIT {

    @RegisterExtension
    static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

    private static final int TARGETS = 50;
    private static final int PER_TARGET = 400;
    private static final Duration STATIC_MEMBER_SESSION = Duration.ofMinutes(10);

    @TempDir
    Path dir;

    @Test
    void killedMidStreamAndRestartedLosesAndDuplicatesNoCommand() throws Exception {
        Topics topics = new Topics("crash.");
        KafkaTestClient client = new KafkaTestClient(KAFKA.bootstrapServers());
        try (Admin admin = Admin.create(client.defaults().admin("it"))) {
            new TopicAdmin(admin, topics, TopicRetention.DEFAULT, Duration.ofSeconds(30)).ensureAll(3, (short) 1);
        }
        List<Observation> inputs = ScaleUpSeries.of(TARGETS, PER_TARGET);
        List<RecordMetadata> landed = client.produce(topics.observations(), inputs);
        Set<String> expectedCommandIds = ScaleUpSeries.commandIds(landed);
        assertThat(expectedCommandIds).hasSize(inputs.size());

        Path config = writeConfig(topics);
        Path logs = Files.createDirectories(Path.of("target", "it-logs"));
        int committedAtKill;
        try (EngineProcess engine = EngineProcess.start(config, logs.resolve("crash-before-kill.log"))) {
            await("a tenth of the commands committed")
                    .atMost(Duration.ofSeconds(90))
                    .pollInterval(Duration.ofMillis(100))
                    .until(() -> client.readAll(topics.commands()).size() >= inputs.size() / 10);
            engine.kill();
            committedAtKill = client.readAll(topics.commands()).size();
        }
        assertThat(committedAtKill).as("killed mid-stream").isLessThan(inputs.size());
        System.out.printf("EngineCrashIT: SIGKILL with %d of %d commands committed%n", committedAtKill, inputs.size());

        try (EngineProcess engine = EngineProcess.start(config, logs.resolve("crash-after-restart.log"))) {
            Backlog.awaitDrained(
                    "backlog processed after restart",
                    () -> client.lag("crash-engine", List.of(topics.observations(), topics.alerts())),
                    Duration.ofSeconds(90));
            HttpClient http = HttpClient.newHttpClient();
            await("readyz")
                    .atMost(Duration.ofSeconds(30))
                    .ignoreExceptions()
                    .until(() -> http.send(
                                            HttpRequest.newBuilder(URI.create(
                                                            "http://127.0.0.1:" + engine.opsPort() + "/readyz"))
                                                    .build(),
                                            HttpResponse.BodyHandlers.ofString())
                                    .statusCode()
                            == 200);
            String metrics = http.send(
                            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + engine.opsPort() + "/metrics"))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString())
                    .body();
            assertThat(metrics)
                    .contains("scaligator_engine_decisions_total{")
                    .contains("result=\"scale\"")
                    .contains("kafka_consumer_fetch_manager_records_lag");
            engine.stop(Duration.ofSeconds(60));
            assertThat(engine.log()).as("SIGTERM closes Kafka Streams cleanly").contains("decision engine stopped\n");
        }

        List<ConsumerRecord<String, byte[]>> commandRecords = client.readAll(topics.commands());
        List<String> commandIds = commandRecords.stream()
                .map(r -> EventJson.read(r.value(), ScaleCommand.class).id())
                .toList();
        assertThat(commandIds).as("no command duplicated").doesNotHaveDuplicates();
        assertThat(new HashSet<>(commandIds)).as("no command lost").isEqualTo(expectedCommandIds);
        assertThat(commandRecords).allSatisfy(r -> {
            ScaleCommand command = EventJson.read(r.value(), ScaleCommand.class);
            assertThat(command.toReplicas()).isEqualTo(command.fromReplicas() + 1);
        });

        List<Decision> decisions = client.readAll(topics.decisions()).stream()
                .map(r -> EventJson.read(r.value(), Decision.class))
                .toList();
        assertThat(decisions).hasSize(inputs.size());
        assertThat(decisions.stream().map(Decision::id).distinct().count()).isEqualTo(inputs.size());

        List<ConsumerRecord<String, byte[]>> policies = client.readAll(topics.policies());
        assertThat(policies).isNotEmpty().allSatisfy(r -> assertThat(
                        Policies.fromJson(r.value()).version())
                .isEqualTo(r.key())
                .isEqualTo(decisions.get(0).policyVersion()));
    }

    @Test
    void refusesToStartWhenAlertsAndObservationsAreNotCoPartitioned() throws Exception {
        Topics topics = new Topics("skewed.");
        KafkaTestClient client = new KafkaTestClient(KAFKA.bootstrapServers());
        try (Admin admin = Admin.create(client.defaults().admin("it"))) {
            TopicAdmin topicAdmin = new TopicAdmin(admin, topics, TopicRetention.DEFAULT, Duration.ofSeconds(30));
            topicAdmin.ensureTopics(List.of(topics.alerts()), 2, (short) 1);
            topicAdmin.ensureTopics(List.of(topics.observations()), 3, (short) 1);
        }
        ScaligatorConfig config = io.scaligator.engine.Fixtures.config(Files.readString(writeConfig(topics)));
        try (OpsServer ops = OpsServer.start("engine-it", "127.0.0.1", 0)) {
            assertThatThrownBy(() -> DecisionEngine.start(config, Policies.from(config), ops))
                    .isInstanceOf(TopicLayoutException.class)
                    .hasMessageContaining("skewed.alerts (2 partitions)")
                    .hasMessageContaining("must have the same partition count");
        }
    }

    private Path writeConfig(Topics topics) throws java.io.IOException {
        return new EngineToml(
                        KAFKA.bootstrapServers(),
                        topics,
                        3,
                        "crash-engine",
                        "instance_id = \"crash-engine-1\"",
                        "",
                        STATIC_MEMBER_SESSION)
                .write(dir.resolve("engine.toml"), dir.resolve("state"));
    }
}
