package io.scaligator.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.scaligator.audit.AuditIT.Run;
import io.scaligator.common.config.ConfigLoader;
import io.scaligator.common.config.ScaligatorConfig;
import io.scaligator.common.event.AlertDetails;
import io.scaligator.common.event.AlertSignal;
import io.scaligator.common.event.MetricSample;
import io.scaligator.common.event.Observation;
import io.scaligator.common.event.ScaligatorEvent;
import io.scaligator.common.event.TriggerDetails;
import io.scaligator.common.kafka.KafkaDefaults;
import io.scaligator.common.kafka.Topics;
import io.scaligator.common.ops.OpsServer;
import io.scaligator.common.serde.EventJson;
import io.scaligator.common.target.TargetRef;
import io.scaligator.engine.DecisionEngine;
import io.scaligator.engine.policy.Policies;
import io.scaligator.testkit.CommittedRecords;
import io.scaligator.testkit.KafkaBrokerExtension;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code audit explain} against a running decision engine on the real (in-JVM) broker: a target described as
 * kubectl describe does, a namespace listed, and refused tokens, unknown targets and an unreachable engine reported
 * in one line without a stack trace.
 */
class ExplainCommandIT {

    @RegisterExtension
    static KafkaBrokerExtension kafka = new KafkaBrokerExtension();

    static final TargetRef API = TargetRef.deployment("dev", "api");
    static final TargetRef WEB = TargetRef.deployment("dev", "web");
    static final String TOKEN = "explain-cli-token";

    static Path dir;
    static Path tokenFile;
    static OpsServer ops;
    static DecisionEngine engine;

    @BeforeAll
    static void runTheEngineOverAFewInputs() throws Exception {
        dir = Files.createTempDirectory("explain-it");
        tokenFile = Files.writeString(dir.resolve("token"), TOKEN + "\n");
        Path configFile = Files.writeString(
                dir.resolve("scaligator.toml"), """
                watch_namespaces = ["dev"]
                scale_up_cpu_threshold = 0.8
                scale_down_cpu_threshold = 0.3
                min_replicas = 1
                max_replicas = 10
                [[alert_rules]]
                name = "latency"
                match = { alertname = "HighLatency" }
                floor_replicas = 6
                [[time_rules]]
                name = "dev-nights"
                namespaces = ["dev"]
                downtime = "Mon-Fri 20:00-07:00 UTC"
                [kafka]
                bootstrap_servers = "%s"
                topic_prefix = "x."
                partitions = 2
                replication_factor = 1
                [engine]
                application_id = "explain-cli-it"
                state_dir = "%s"
                ops_bind_address = "127.0.0.1"
                api_token = "%s"
                [receiver]
                auth = "none"
                """.formatted(kafka.bootstrapServers(), dir.resolve("state"), TOKEN));
        ScaligatorConfig config = ConfigLoader.load(configFile, Map.of()).config();
        ops = OpsServer.start("decision-engine", "127.0.0.1", 0);
        engine = DecisionEngine.start(config, Policies.from(config), ops);
        Topics topics = new Topics("x.");
        // A Wednesday 10:00 UTC one to seven days ago: in the past, within retention, outside the dev nights.
        Instant t0 = Instant.now()
                .truncatedTo(ChronoUnit.DAYS)
                .minus(Duration.ofDays(1))
                .plus(Duration.ofHours(10));
        while (t0.atZone(ZoneOffset.UTC).getDayOfWeek() != DayOfWeek.WEDNESDAY) {
            t0 = t0.minus(Duration.ofDays(1));
        }
        send(
                topics.observations(),
                List.of(
                        new Observation(
                                "obs-api-1", API, t0, 3, 3, List.of(MetricSample.present("cpu", 0.5)), null, Map.of()),
                        new Observation(
                                "obs-web-1",
                                WEB,
                                t0,
                                2,
                                2,
                                List.of(MetricSample.present("cpu", 0.5)),
                                null,
                                Map.of())));
        send(
                topics.alerts(),
                List.of(
                        new AlertSignal(
                                "alert-1",
                                AlertSignal.SignalKind.ALERT,
                                API,
                                null,
                                true,
                                null,
                                t0.plusSeconds(60),
                                new AlertDetails(
                                        "HighLatency",
                                        AlertDetails.AlertStatus.FIRING,
                                        "fp-1",
                                        t0.plusSeconds(30),
                                        null,
                                        Map.of("alertname", "HighLatency"),
                                        Map.of(),
                                        null,
                                        "scaligator",
                                        "{}"),
                                null),
                        new AlertSignal(
                                "trigger-1",
                                AlertSignal.SignalKind.TRIGGER,
                                API,
                                null,
                                true,
                                null,
                                t0.plusSeconds(120),
                                null,
                                new TriggerDetails(
                                        TriggerDetails.TriggerAction.HOLD,
                                        null,
                                        null,
                                        7200,
                                        "release 2.4 rollout",
                                        "ci",
                                        null))));
        await().atMost(Duration.ofSeconds(90))
                .until(() ->
                        CommittedRecords.readAll(kafka.bootstrapServers(), topics.decisions(), Duration.ofSeconds(30))
                                        .size()
                                == 4);
    }

    @AfterAll
    static void stop() {
        engine.close();
        ops.close();
    }

    @Test
    void describesATargetAsKubectlDescribeDoes() {
        Run run = audit("explain", "dev/Deployment/api", "--engine", engineUrl(), "--token-file", tokenFile.toString());

        assertThat(run.code()).as(run.err()).isZero();
        assertThat(run.out())
                .contains("Target:             dev/Deployment/api")
                .contains("Replicas:           3 (3 ready)")
                .contains("Bounds:             min 1, max 10")
                .containsPattern(
                        "Sources:\n(  .*\n)*  alert:latency +6  alert HighLatency firing \\(1 alert: fp-1\\): floor 6")
                .containsPattern("Floors:\n  latency +at least 6 \\(3 at firing\\), 1 alert, fired ")
                .containsPattern("Triggers:\n  trigger-1 +hold from ci, expires .*: release 2.4 rollout")
                .containsPattern(
                        "Schedule \\(now\\):\n  Rule:             time:dev-nights\n  State:            (uptime|downtime)")
                .containsPattern("Pending command:    3 -> 6, issued ")
                .containsPattern("Last decision:\n  Result:           hold 6 -> 6\n  Rule:             trigger:ci\n"
                        + "  Reason:           trigger trigger-1 from ci \\(hold, valid until .*\\) accepted");
    }

    @Test
    void printsTheEnginesJsonAsIs() throws Exception {
        Run run = audit(
                "explain",
                "dev/Deployment/api",
                "--output",
                "json",
                "--engine",
                engineUrl(),
                "--token-file",
                tokenFile.toString());

        assertThat(run.code()).as(run.err()).isZero();
        JsonNode view = EventJson.mapper().readTree(run.out());
        assertThat(view.path("target").asText()).isEqualTo("dev/Deployment/api");
        assertThat(view.path("floors").get(0).path("replicas").asInt()).isEqualTo(6);
        assertThat(view.path("pendingCommand").path("toReplicas").asInt()).isEqualTo(6);
    }

    @Test
    void listsTheTargetsOfANamespace() {
        Run run = audit("explain", "--namespace", "dev", "--engine", engineUrl(), "--token-file", tokenFile.toString());

        assertThat(run.code()).as(run.err()).isZero();
        assertThat(run.out())
                .containsPattern("dev/Deployment/api +3 +hold +6 +trigger:ci")
                .containsPattern("dev/Deployment/web +2 +hold +2 +metric:cpu")
                .contains("2 targets");
    }

    @Test
    void problemsAreOneLineWithoutAStackTrace() throws Exception {
        Path wrong = Files.writeString(dir.resolve("wrong"), "not-the-token");
        Run refused = audit("explain", "dev/Deployment/api", "--engine", engineUrl(), "--token-file", wrong.toString());
        Run unknown =
                audit("explain", "dev/Deployment/nope", "--engine", engineUrl(), "--token-file", tokenFile.toString());
        Run badKind = audit("explain", "dev/Pod/api", "--engine", engineUrl(), "--token-file", tokenFile.toString());
        Run unreachable = audit(
                "explain",
                "dev/Deployment/api",
                "--engine",
                "http://127.0.0.1:1",
                "--token-file",
                tokenFile.toString());
        Run noToken = audit("explain", "dev/Deployment/api", "--engine", engineUrl());

        assertThat(refused.err())
                .isEqualTo("audit: the decision engine refused the token (invalid credentials); check "
                        + "--token-file\n");
        assertThat(unknown.err()).contains("answered 404").contains("dev/Deployment/nope is not known");
        assertThat(badKind.err()).contains("kind 'Pod' is not supported");
        assertThat(unreachable.err()).startsWith("audit: cannot reach the decision engine at http://127.0.0.1:1/");
        assertThat(noToken.err()).contains("no API token");
        for (Run run : List.of(refused, unknown, badKind, unreachable, noToken)) {
            assertThat(run.code()).isEqualTo(AuditCli.USAGE);
            assertThat(run.err()).doesNotContain("\tat ").hasLineCount(1);
        }
    }

    static String engineUrl() {
        return "http://127.0.0.1:" + ops.port();
    }

    static Run audit(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = AuditCli.run(
                args,
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8),
                Clock.systemUTC(),
                Map.of());
        Run run = new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        AuditIT.keepForTheDocs(args, run, kafka.bootstrapServers());
        return run;
    }

    static void send(String topic, List<? extends ScaligatorEvent> events) {
        try (KafkaProducer<String, byte[]> producer =
                new KafkaProducer<>(new KafkaDefaults(kafka.bootstrapServers(), Map.of()).producer("explain-it"))) {
            for (ScaligatorEvent e : events) {
                producer.send(new ProducerRecord<>(
                                topic, null, e.eventTime().toEpochMilli(), e.key(), EventJson.write(e)))
                        .get();
            }
        } catch (Exception e) {
            throw new IllegalStateException("produce failed: " + e, e);
        }
    }
}
