package io.scaligator.engine.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.scaligator.common.config.ScaligatorConfig;
import io.scaligator.common.config.TopicRetention;
import io.scaligator.common.event.Decision;
import io.scaligator.common.event.MetricSample;
import io.scaligator.common.event.Observation;
import io.scaligator.common.event.Recommendation;
import io.scaligator.common.event.ScaleCommand;
import io.scaligator.common.kafka.TopicAdmin;
import io.scaligator.common.kafka.Topics;
import io.scaligator.common.ops.OpsServer;
import io.scaligator.common.serde.EventJson;
import io.scaligator.common.target.TargetRef;
import io.scaligator.engine.DecisionEngine;
import io.scaligator.engine.Fixtures;
import io.scaligator.engine.policy.Policies;
import io.scaligator.testkit.KafkaBrokerExtension;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The engine on the real broker learns a workload's daily rise from five days of observations (every 5 minutes,
 * demand 2 pods' worth, 12 from 09:00 to 10:00 UTC) and, on the sixth day at 08:59, while demand is still low,
 * decides a scale-up from its forecast and commands it.
 */
class ForecastEngineIT {

    @RegisterExtension
    static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

    @TempDir
    Path dir;

    @Test
    void scalesUpAheadOfTheDailyRiseAndCommandsIt() throws Exception {
        Topics topics = new Topics("forecast.");
        KafkaTestClient client = new KafkaTestClient(KAFKA.bootstrapServers());
        try (Admin admin = Admin.create(client.defaults().admin("it"))) {
            new TopicAdmin(admin, topics, TopicRetention.DEFAULT, Duration.ofSeconds(30)).ensureAll(1, (short) 1);
        }
        TargetRef web = TargetRef.deployment("default", "web");
        // Record timestamps are event times: within the broker's retention, and in the past.
        Instant day0 = Instant.now().minus(Duration.ofDays(6)).truncatedTo(ChronoUnit.DAYS);
        Instant last = day0.plus(Duration.ofDays(5)).plusSeconds(8 * 3600 + 59 * 60);
        List<Observation> inputs = new ArrayList<>();
        for (Instant at = day0.plusSeconds(4 * 60); !at.isAfter(last); at = at.plusSeconds(300)) {
            double demand = at.atZone(java.time.ZoneOffset.UTC).getHour() == 9 ? 12 : 2;
            inputs.add(new Observation(
                    "obs-" + at, web, at, 3, 3, List.of(MetricSample.present("cpu", demand / 3)), null, Map.of()));
        }
        client.produce(topics.observations(), inputs);

        ScaligatorConfig config =
                Fixtures.config("""
                watch_namespaces = ["default"]
                [receiver]
                auth = "none"
                [kafka]
                bootstrap_servers = "%s"
                topic_prefix = "%s"
                partitions = 1
                [engine]
                application_id = "forecast-engine"
                state_dir = "%s"
                [[metric_rules]]
                name = "cpu"
                kind = "utilization"
                mode = "proportional"
                target = 0.7
                forecast = "forecast-and-scale"
                """.formatted(KAFKA.bootstrapServers(), topics.prefix(), dir.resolve("state")));
        try (OpsServer ops = OpsServer.start("forecast-it", "127.0.0.1", 0);
                DecisionEngine engine = DecisionEngine.start(config, Policies.from(config), ops)) {
            await("a decision for every observation")
                    .atMost(Duration.ofSeconds(120))
                    .pollInterval(Duration.ofMillis(500))
                    .until(() -> client.readAll(topics.decisions()).size() >= inputs.size());
        }
        List<Decision> decisions = client.readAll(topics.decisions()).stream()
                .map(r -> EventJson.read(r.value(), Decision.class))
                .toList();
        Decision ahead = decisions.stream()
                .filter(d -> d.decidedAt().equals(last))
                .findFirst()
                .orElseThrow();
        Recommendation forecast = ahead.recommendations().stream()
                .filter(r -> r.source().equals("forecast:cpu"))
                .findFirst()
                .orElseThrow();
        assertThat(forecast.replicas()).as(forecast.reason()).isEqualTo(19);
        assertThat(forecast.reason()).contains("12.0 x 1.1 / 0.7 = 19 replicas");
        assertThat(ahead.metrics()).containsExactly(MetricSample.present("cpu", 2.0 / 3));
        assertThat(ahead.result()).as(ahead.reason()).isEqualTo(Decision.Result.SCALE);
        assertThat(ahead.desiredReplicas()).isGreaterThan(3);

        List<ScaleCommand> commands = client.readAll(topics.commands()).stream()
                .map(r -> EventJson.read(r.value(), ScaleCommand.class))
                .toList();
        ScaleCommand command = commands.stream()
                .filter(c -> c.id().equals(ahead.commandId()))
                .findFirst()
                .orElseThrow();
        assertThat(command.fromReplicas()).isEqualTo(3);
        assertThat(command.toReplicas()).isEqualTo(ahead.desiredReplicas());
        assertThat(command.reason()).contains("forecast").contains("3 -> " + ahead.desiredReplicas());
    }
}
