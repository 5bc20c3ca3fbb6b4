package io.scaligator.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.scaligator.common.config.ConfigLoader;
import io.scaligator.common.config.ScaligatorConfig;
import io.scaligator.common.event.AlertDetails;
import io.scaligator.common.event.AlertSignal;
import io.scaligator.common.event.Decision;
import io.scaligator.common.event.MetricSample;
import io.scaligator.common.event.Observation;
import io.scaligator.common.event.ScaleCommand;
import io.scaligator.common.event.ScaleOutcome;
import io.scaligator.common.event.ScaligatorEvent;
import io.scaligator.common.kafka.KafkaDefaults;
import io.scaligator.common.kafka.Topics;
import io.scaligator.common.ops.OpsServer;
import io.scaligator.common.serde.EventJson;
import io.scaligator.common.target.TargetRef;
import io.scaligator.engine.DecisionEngine;
import io.scaligator.engine.core.Policy;
import io.scaligator.engine.policy.Policies;
import io.scaligator.engine.topology.Checkpoint;
import io.scaligator.engine.topology.CheckpointCodec;
import io.scaligator.testkit.CommittedRecords;
import io.scaligator.testkit.KafkaBrokerExtension;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The audit commands against a history recorded by the real decision engine on the real (in-JVM) broker: the
 * engine runs over produced observations and alerts, an actuator's outcomes are produced for its commands, then
 * history, verify and what-if read that log through the command line.
 */
class AuditIT {

    @RegisterExtension
    static KafkaBrokerExtension kafka = new KafkaBrokerExtension();

    static final TargetRef WEB = TargetRef.deployment("default", "web");
    static final TargetRef API = TargetRef.deployment("dev", "api");
    /** In the past (the broker rejects timestamps far in the future) but well inside the topics' retention. */
    static final Instant T0 =
            Instant.now().truncatedTo(java.time.temporal.ChronoUnit.HOURS).minus(Duration.ofHours(6));

    static final String POLICY_TOML = """
            watch_namespaces = ["default", "dev"]
            scale_up_cpu_threshold = 0.8
            scale_down_cpu_threshold = 0.3
            min_replicas = 1
            max_replicas = 10
            [[alert_rules]]
            name = "latency"
            match = { alertname = "HighLatency" }
            floor_replicas = 6
            """;

    static Path dir;
    static List<Decision> decisions;
    static List<ScaleCommand> commands;
    static int inputs;

    @BeforeAll
    static void recordHistoryByRunningTheEngine() throws Exception {
        dir = Files.createTempDirectory("audit-it");
        inputs = inputs().size();
        runEngine("a.");
        decisions = read("a.decisions").stream()
                .map(r -> EventJson.read(r.value(), Decision.class))
                .toList();
        commands = read("a.commands").stream()
                .map(r -> EventJson.read(r.value(), ScaleCommand.class))
                .toList();
        List<ScaligatorEvent> outcomes = new ArrayList<>();
        for (ScaleCommand c : commands) {
            outcomes.add(new ScaleOutcome(
                    ScaleOutcome.idFor(c.id()),
                    c.id(),
                    c.target(),
                    ScaleOutcome.Status.APPLIED,
                    c.fromReplicas(),
                    c.toReplicas(),
                    c.toReplicas(),
                    "scaled",
                    c.decidedAt().plusSeconds(1),
                    40));
        }
        send(outcomes, "a.outcomes");
    }

    /** Runs the decision engine (the service's own start path) over the inputs produced into {@code prefix}. */
    static void runEngine(String prefix) throws Exception {
        runEngine(prefix, Policies::from, inputs(), inputs);
    }

    /**
     * Runs the engine with {@code policy} over {@code in}, produced into {@code prefix}, until the decisions topic
     * holds {@code decisionsThen}; a second run on the same prefix continues from the first one's state.
     */
    static void runEngine(
            String prefix,
            java.util.function.Function<ScaligatorConfig, Policy> policy,
            List<ScaligatorEvent> in,
            int decisionsThen)
            throws Exception {
        Path configFile = dir.resolve(prefix + "toml");
        Files.writeString(
                configFile,
                POLICY_TOML
                        + """
                [kafka]
                bootstrap_servers = "%s"
                topic_prefix = "%s"
                partitions = 3
                replication_factor = 1
                [engine]
                application_id = "audit-it-engine-%s"
                state_dir = "%s"
                ops_bind_address = "127.0.0.1"
                checkpoint_interval = "5m"
                [receiver]
                auth = "none"
                """.formatted(
                                        kafka.bootstrapServers(),
                                        prefix,
                                        prefix.replace(".", ""),
                                        dir.resolve("state-" + prefix)));
        ScaligatorConfig config = ConfigLoader.load(configFile, Map.of()).config();
        try (OpsServer ops = OpsServer.start("decision-engine", "127.0.0.1", 0);
                DecisionEngine engine = DecisionEngine.start(config, policy.apply(config), ops)) {
            Topics topics = new Topics(prefix);
            send(in.stream().filter(e -> e instanceof Observation).toList(), topics.observations());
            send(in.stream().filter(e -> e instanceof AlertSignal).toList(), topics.alerts());
            await().atMost(Duration.ofSeconds(90))
                    .until(() -> read(topics.decisions()).size() == decisionsThen);
        }
    }

    /** web: CPU high for 10 minutes (scale up to the max), an alert fires and resolves, then CPU low; api: steady. */
    static List<ScaligatorEvent> inputs() {
        List<ScaligatorEvent> events = new ArrayList<>();
        int spec = 2;
        for (int i = 0; i < 40; i++) {
            Instant at = T0.plusSeconds(30L * i);
            double cpu = i < 20 ? 0.95 : 0.1;
            events.add(new Observation(
                    "obs-web-" + i, WEB, at, spec, spec, List.of(MetricSample.present("cpu", cpu)), null, Map.of()));
            spec = i < 20 ? Math.min(10, spec + 1) : spec;
            if (i == 22 || i == 30) {
                boolean firing = i == 22;
                events.add(new AlertSignal(
                        "alert-" + i,
                        AlertSignal.SignalKind.ALERT,
                        WEB,
                        null,
                        true,
                        null,
                        at.plusSeconds(5),
                        new AlertDetails(
                                "HighLatency",
                                firing ? AlertDetails.AlertStatus.FIRING : AlertDetails.AlertStatus.RESOLVED,
                                "fp-1",
                                T0.plusSeconds(600),
                                null,
                                Map.of("alertname", "HighLatency"),
                                Map.of(),
                                null,
                                "scaligator",
                                "{}"),
                        null));
            }
            if (i % 4 == 0) {
                events.add(new Observation(
                        "obs-api-" + i, API, at, 3, 3, List.of(MetricSample.present("cpu", 0.5)), null, Map.of()));
            }
        }
        return events;
    }

    @Test
    void verifyReproducesEveryRecordedDecisionAndCommand() {
        assertThat(commands).hasSizeGreaterThan(5);
        Run run = audit("verify", "--bootstrap-servers", kafka.bootstrapServers(), "--topic-prefix", "a.");

        assertThat(run.code).as(run.out + run.err).isZero();
        assertThat(run.out)
                .contains("decisions: " + decisions.size() + " matched, 0 mismatched (100.0% matched)")
                .contains("commands:  " + commands.size() + " matched, 0 mismatched (100.0% matched)")
                .contains("re-ran " + inputs + " input records")
                .contains("verified:  records from " + T0 + " to ")
                .doesNotContain("trimmed:")
                .contains("OK: every recorded decision and command in the range was reproduced byte for byte");
    }

    /**
     * The engine checkpoints each target every 5 minutes of record time; the inputs and decisions are trimmed
     * (deleteRecords) at 10m15s, inside the third interval. Verify re-runs each target from its first checkpoint
     * after the trim, reports the part before it as not verified, and still catches a decision forged after it.
     */
    @Test
    void aTrimmedLogIsVerifiedFromEachTargetsEarliestUsableCheckpoint() throws Exception {
        runEngine("r.");
        Topics topics = new Topics("r.");
        Instant trimAt = T0.plusSeconds(615);
        Map<String, List<Checkpoint>> checkpoints = new java.util.TreeMap<>();
        for (ConsumerRecord<String, byte[]> r : read(topics.checkpoints())) {
            checkpoints.computeIfAbsent(r.key(), k -> new ArrayList<>()).add(CheckpointCodec.decode(r.value()));
        }
        // web: inputs every 30 s, so one checkpoint per interval, at its start
        assertThat(checkpoints.get(WEB.key()))
                .extracting(Checkpoint::at)
                .containsExactly(T0, T0.plusSeconds(300), T0.plusSeconds(600), T0.plusSeconds(900));
        Map<String, Checkpoint> expectedStart = new java.util.TreeMap<>();
        checkpoints.forEach((target, list) -> expectedStart.put(
                target,
                list.stream().filter(c -> !c.at().isBefore(trimAt)).findFirst().orElseThrow()));
        trim(List.of(topics.alerts(), topics.observations(), topics.decisions()), trimAt);

        List<ConsumerRecord<String, byte[]>> retained = read(topics.decisions());
        assertThat(retained).as("decisions left after the trim").allSatisfy(r -> assertThat(r.timestamp())
                .isGreaterThanOrEqualTo(trimAt.toEpochMilli()));
        long verifiable = retained.stream()
                .filter(r -> r.timestamp() >= expectedStart.get(r.key()).at().toEpochMilli())
                .count();
        assertThat(verifiable).isGreaterThan(5).isLessThan(retained.size());

        Run run = audit("verify", "--bootstrap-servers", kafka.bootstrapServers(), "--topic-prefix", "r.");

        assertThat(run.code).as(run.out + run.err).isZero();
        Checkpoint web = expectedStart.get(WEB.key());
        assertThat(run.out)
                .contains("decisions: " + verifiable + " matched, 0 mismatched")
                .contains("commands:  ")
                .contains("trimmed:   r.decisions-")
                .contains("starts:    0 targets from the beginning, 2 from a checkpoint, 0 unverifiable")
                .contains(WEB.key() + ": from its checkpoint at " + web.at() + " (before decision " + web.decisionId())
                .contains(API.key() + ": from its checkpoint at "
                        + expectedStart.get(API.key()).at())
                .contains("not verified: " + (retained.size() - verifiable) + " decisions")
                .contains("the part before it (trimmed, or made by another engine semantics) was not verified")
                .contains("): its partitions were trimmed")
                .doesNotContain("MISMATCH");
        Matcher from = Pattern.compile("verified:  records from (\\S+) to").matcher(run.out);
        assertThat(from.find()).as(run.out).isTrue();
        assertThat(Instant.parse(from.group(1))).isEqualTo(web.at()).isAfter(trimAt);

        Path samePolicy = dir.resolve("same-policy.toml");
        Files.writeString(samePolicy, POLICY_TOML);
        Run whatIf = audit(
                "what-if",
                "--bootstrap-servers",
                kafka.bootstrapServers(),
                "--topic-prefix",
                "r.",
                "--policy",
                samePolicy.toString());
        assertThat(whatIf.code).as(whatIf.out + whatIf.err).isZero();
        assertThat(whatIf.out)
                .contains("2 target(s)")
                .contains("trimmed log: " + WEB.key() + " starts from its checkpoint at " + web.at())
                .contains("trimmed log: " + API.key() + " starts from its checkpoint at "
                        + expectedStart.get(API.key()).at())
                .doesNotContain("starts from no state");

        ConsumerRecord<String, byte[]> original = retained.stream()
                .filter(r ->
                        r.key().equals(WEB.key()) && r.timestamp() > web.at().toEpochMilli())
                .findFirst()
                .orElseThrow();
        com.fasterxml.jackson.databind.node.ObjectNode forged = (com.fasterxml.jackson.databind.node.ObjectNode)
                EventJson.mapper().readTree(original.value());
        int replicas = forged.get("desiredReplicas").asInt();
        forged.put("desiredReplicas", replicas + 1);
        sendRaw(
                topics.decisions(),
                original.key(),
                original.timestamp(),
                EventJson.mapper().writeValueAsBytes(forged));

        Run tampered =
                audit("verify", "--bootstrap-servers", kafka.bootstrapServers(), "--topic-prefix", "r.", "--show", "5");

        assertThat(tampered.code).as(tampered.out + tampered.err).isEqualTo(1);
        assertThat(tampered.out)
                .contains("decisions: " + verifiable + " matched, 1 mismatched")
                .contains("MISMATCH decision " + forged.get("id").asText() + " (" + WEB.key())
                .contains("desiredReplicas: recorded " + (replicas + 1) + ", re-run " + replicas)
                .contains("FAILED: 1 mismatch");
    }

    /**
     * An upgrade: an engine from before decision semantics were recorded (its policy names none) decides the first
     * 7.5 minutes, today's engine the rest, on the same state. This audit cannot re-run what the older engine decided
     * (its rules may differ), nor what follows from the state it left, so verify starts each target from its first
     * checkpoint since the upgrade, counts the part before as not verified, never as mismatches, and verifies the
     * rest byte for byte; a forged copy of an old decision is still a mismatch.
     */
    @Test
    void decisionsOfAnEarlierEngineAreNotReRunAndTheRestIsVerifiedFromACheckpointSince() throws Exception {
        Instant upgradeAt = T0.plusSeconds(450);
        List<ScaligatorEvent> before =
                inputs().stream().filter(e -> e.eventTime().isBefore(upgradeAt)).toList();
        List<ScaligatorEvent> after = inputs().stream()
                .filter(e -> !e.eventTime().isBefore(upgradeAt))
                .toList();
        runEngine("s.", config -> Policies.versioned(withoutSemantics(Policy.content(config))), before, before.size());
        runEngine("s.", Policies::from, after, inputs);
        Topics topics = new Topics("s.");
        List<Decision> recorded = read(topics.decisions()).stream()
                .map(r -> EventJson.read(r.value(), Decision.class))
                .toList();
        assertThat(recorded.stream().map(Decision::policyVersion).distinct()).hasSize(2);
        Map<String, Checkpoint> start = new java.util.TreeMap<>();
        Map<String, Instant> lastOld = new java.util.TreeMap<>();
        for (ConsumerRecord<String, byte[]> r : read(topics.checkpoints())) {
            Checkpoint c = CheckpointCodec.decode(r.value());
            if (!c.at().isBefore(upgradeAt)) {
                start.putIfAbsent(r.key(), c);
            }
        }
        recorded.stream()
                .filter(d -> d.decidedAt().isBefore(upgradeAt))
                .forEach(d -> lastOld.put(d.target().key(), d.decidedAt()));
        long verifiable = recorded.stream()
                .filter(d -> !d.decidedAt().isBefore(start.get(d.target().key()).at()))
                .count();
        assertThat(verifiable).isGreaterThan(5).isLessThan(recorded.size() - before.size() + 1);

        Run run = audit("verify", "--bootstrap-servers", kafka.bootstrapServers(), "--topic-prefix", "s.");

        assertThat(run.code).as(run.out + run.err).isZero();
        Checkpoint web = start.get(WEB.key());
        assertThat(run.out)
                .contains("decisions: " + verifiable + " matched, 0 mismatched")
                .doesNotContain("trimmed:")
                .contains("starts:    0 targets from the beginning, 2 from a checkpoint, 0 unverifiable")
                .contains(WEB.key() + ": from its checkpoint at " + web.at() + " (before decision " + web.decisionId())
                .contains(WEB.key() + ": from its checkpoint at " + web.at())
                .contains("its decisions until " + lastOld.get(WEB.key())
                        + " were made by an engine from before decision semantics were recorded (this audit re-runs"
                        + " semantics " + io.scaligator.engine.core.DecisionCore.SEMANTICS + ")")
                .contains(API.key() + ": from its checkpoint at "
                        + start.get(API.key()).at())
                .contains("not verified: " + (recorded.size() - verifiable) + " decisions")
                .doesNotContain("MISMATCH");

        ConsumerRecord<String, byte[]> old = read(topics.decisions()).stream()
                .filter(r -> r.key().equals(WEB.key()) && r.timestamp() < upgradeAt.toEpochMilli())
                .findFirst()
                .orElseThrow();
        com.fasterxml.jackson.databind.node.ObjectNode forged = (com.fasterxml.jackson.databind.node.ObjectNode)
                EventJson.mapper().readTree(old.value());
        forged.put("desiredReplicas", forged.get("desiredReplicas").asInt() + 1);
        sendRaw(
                topics.decisions(),
                old.key(),
                old.timestamp(),
                EventJson.mapper().writeValueAsBytes(forged));

        Run tampered = audit("verify", "--bootstrap-servers", kafka.bootstrapServers(), "--topic-prefix", "s.");

        assertThat(tampered.code).as(tampered.out + tampered.err).isEqualTo(1);
        assertThat(tampered.out)
                .contains("decisions: " + verifiable + " matched, 1 mismatched")
                .contains("MISMATCH decision " + forged.get("id").asText() + " (" + WEB.key());
    }

    /** The policy as an engine from before decision semantics were recorded published it. */
    private static Policy withoutSemantics(Policy p) {
        return new Policy(
                null,
                null,
                p.watchNamespaces(),
                p.ownNamespace(),
                p.excludeNamespaces(),
                p.minReplicas(),
                p.maxReplicas(),
                p.downtimeReplicas(),
                p.behavior(),
                p.metricRules(),
                p.alertRules(),
                p.timeRules());
    }

    /**
     * Deletes every record older than {@code at} from the topics' partitions, as retention would: each partition up
     * to its first record at or after {@code at} (all of it when it has none), found in the records themselves.
     */
    static void trim(List<String> topicNames, Instant at) throws Exception {
        try (Admin admin = Admin.create(defaults().admin("audit-it-trim"))) {
            Map<TopicPartition, OffsetSpec> ends = new java.util.HashMap<>();
            for (var description :
                    admin.describeTopics(topicNames).allTopicNames().get().values()) {
                description
                        .partitions()
                        .forEach(p ->
                                ends.put(new TopicPartition(description.name(), p.partition()), OffsetSpec.latest()));
            }
            Map<TopicPartition, Long> keepFrom = new java.util.HashMap<>();
            admin.listOffsets(ends).all().get().forEach((tp, end) -> keepFrom.put(tp, end.offset()));
            for (String topic : topicNames) {
                for (ConsumerRecord<String, byte[]> r : read(topic)) {
                    if (r.timestamp() >= at.toEpochMilli()) {
                        keepFrom.merge(new TopicPartition(r.topic(), r.partition()), r.offset(), Math::min);
                    }
                }
            }
            Map<TopicPartition, RecordsToDelete> delete = new java.util.HashMap<>();
            keepFrom.forEach((tp, offset) -> {
                if (offset > 0) {
                    delete.put(tp, RecordsToDelete.beforeOffset(offset));
                }
            });
            admin.deleteRecords(delete).all().get();
        }
    }

    static void sendRaw(String topic, String key, long timestamp, byte[] value) throws Exception {
        try (KafkaProducer<String, byte[]> producer =
                new KafkaProducer<>(defaults().producer("audit-it"))) {
            producer.send(new ProducerRecord<>(topic, null, timestamp, key, value))
                    .get();
        }
    }

    @Test
    void verifyOfALaterRangeStillReplaysFromTheBeginningAndComparesOnlyTheRange() {
        Instant since = T0.plusSeconds(30L * 25);
        long inRange =
                decisions.stream().filter(d -> !d.decidedAt().isBefore(since)).count();
        Run run = audit(
                "verify",
                "--bootstrap-servers",
                kafka.bootstrapServers(),
                "--topic-prefix",
                "a.",
                "--since",
                since.toString(),
                "--target",
                WEB.key());

        assertThat(run.code).as(run.out + run.err).isZero();
        long webInRange = decisions.stream()
                .filter(d -> !d.decidedAt().isBefore(since) && d.target().equals(WEB))
                .count();
        assertThat(webInRange).isLessThan(inRange + 1).isGreaterThan(5);
        assertThat(run.out).contains("decisions: " + webInRange + " matched, 0 mismatched");
    }

    @Test
    void anAlteredCommandIsDetectedAndNamedWithTheFieldThatDiffers() throws Exception {
        runEngine("b.");
        ScaleCommand original = read("b.commands").stream()
                .map(r -> EventJson.read(r.value(), ScaleCommand.class))
                .toList()
                .get(2);
        ScaleCommand forged = new ScaleCommand(
                original.id(),
                original.decisionId(),
                original.target(),
                original.fromReplicas(),
                original.toReplicas() + 5,
                original.rule(),
                original.reason(),
                original.decidedAt(),
                original.policyVersion());
        send(List.of(forged), "b.commands");
        Run run = audit("verify", "--bootstrap-servers", kafka.bootstrapServers(), "--topic-prefix", "b.");

        assertThat(run.code).as(run.out + run.err).isEqualTo(1);
        assertThat(run.out)
                .contains("commands:  " + commands.size() + " matched, 1 mismatched")
                .contains("decisions: " + decisions.size() + " matched, 0 mismatched")
                .contains("MISMATCH command " + original.id() + " (" + WEB.key())
                .contains("toReplicas: recorded " + (original.toReplicas() + 5) + ", re-run " + original.toReplicas())
                .contains("FAILED: 1 mismatch");
    }

    @Test
    void whatIfWithALowerMaxGivesFewerReplicaHours() throws Exception {
        Path candidate = dir.resolve("candidate.toml");
        Files.writeString(candidate, POLICY_TOML.replace("max_replicas = 10", "max_replicas = 4"));
        Run run = audit(
                "what-if",
                "--bootstrap-servers",
                kafka.bootstrapServers(),
                "--topic-prefix",
                "a.",
                "--policy",
                candidate.toString(),
                "--target",
                WEB.key());

        assertThat(run.code).as(run.out + run.err).isZero();
        Matcher m = Pattern.compile("replica-hours\\s+([0-9.]+)\\s+([0-9.]+)").matcher(run.out);
        assertThat(m.find()).as(run.out).isTrue();
        double recorded = Double.parseDouble(m.group(1));
        double candidateHours = Double.parseDouble(m.group(2));
        assertThat(candidateHours).isLessThan(recorded).isGreaterThan(0);
        // recorded: 40 observations 30 s apart, replicas as observed; held to the last observation
        assertThat(recorded).isCloseTo(recordedReplicaHours(), org.assertj.core.data.Offset.offset(0.01));
        assertThat(run.out).contains("time over cpu > 0.8");
    }

    @Test
    void historyHtmlChartsEveryDecisionWithItsReasonAndNeedsNothingFromOutside() throws Exception {
        Run run = audit(
                "history",
                "--bootstrap-servers",
                kafka.bootstrapServers(),
                "--topic-prefix",
                "a.",
                "--target",
                WEB.key(),
                "--output",
                "html");

        assertThat(run.code).as(run.err).isZero();
        assertThat(run.out)
                .startsWith("<!DOCTYPE html>")
                .contains("<svg")
                .doesNotContain("src=")
                .doesNotContain("href=")
                .doesNotContain("@import");
        Matcher m = Pattern.compile(
                        "<script type=\"application/json\" id=\"chart-data\">(.*?)</script>", Pattern.DOTALL)
                .matcher(run.out);
        assertThat(m.find()).isTrue();
        JsonNode chart = EventJson.mapper().readTree(m.group(1));
        List<Decision> web =
                decisions.stream().filter(d -> d.target().equals(WEB)).toList();
        assertThat(chart.get("markers")).hasSize(web.size());
        for (int i = 0; i < web.size(); i++) {
            JsonNode marker = chart.get("markers").get(i);
            assertThat(marker.get("time").asLong())
                    .isEqualTo(web.get(i).decidedAt().toEpochMilli());
            assertThat(marker.get("replicas").asInt()).isEqualTo(web.get(i).desiredReplicas());
            assertThat(marker.get("label").asText())
                    .contains(web.get(i).reason())
                    .contains(web.get(i).rule());
        }
        assertThat(chart.at("/series/0/points")).isNotEmpty();
        assertThat(chart.at("/series/0/points").findValuesAsText("").size()).isZero();
        long max = 0;
        for (JsonNode p : chart.at("/series/0/points")) {
            max = Math.max(max, p.get(1).asLong());
        }
        assertThat(max).isEqualTo(10);
        assertThat(Pattern.compile("<circle class=\"marker\"")
                        .matcher(run.out)
                        .results()
                        .count())
                .isEqualTo(web.size());
    }

    @Test
    void historyTableAndJsonJoinDecisionsCommandsAndOutcomes() throws Exception {
        Run table = audit(
                "history",
                "--bootstrap-servers",
                kafka.bootstrapServers(),
                "--topic-prefix",
                "a.",
                "--target",
                WEB.key());
        ScaleCommand first = commands.stream()
                .filter(c -> c.target().equals(WEB))
                .findFirst()
                .orElseThrow();
        assertThat(table.code).as(table.err).isZero();
        assertThat(table.out)
                .contains("command " + first.id() + " " + first.fromReplicas() + " -> " + first.toReplicas()
                        + " -> applied (" + first.toReplicas() + ")")
                .contains("HighLatency firing")
                .contains("cpu=0.95");

        Run json = audit(
                "history",
                "--bootstrap-servers",
                kafka.bootstrapServers(),
                "--topic-prefix",
                "a.",
                "--target",
                WEB.key(),
                "--output",
                "json",
                "--since",
                T0.plusSeconds(600).toString());
        List<JsonNode> lines = new ArrayList<>();
        for (String line : json.out.split("\n")) {
            lines.add(EventJson.mapper().readTree(line));
        }
        assertThat(lines).allSatisfy(l -> assertThat(Instant.parse(l.get("time").asText()))
                .isAfterOrEqualTo(T0.plusSeconds(600)));
        assertThat(lines).anySatisfy(l -> assertThat(l.at("/alerts/0").asText()).contains("HighLatency"));
        assertThat(lines)
                .filteredOn(l -> l.has("command"))
                .allSatisfy(l -> assertThat(l.at("/outcome/status").asText()).isEqualTo("applied"));
    }

    @Test
    void badInputGivesAClearMessageAndExitCode2() {
        Run unknown = audit(
                "history",
                "--bootstrap-servers",
                kafka.bootstrapServers(),
                "--topic-prefix",
                "a.",
                "--target",
                "default/Deployment/nope");
        assertThat(unknown.code).isEqualTo(2);
        assertThat(unknown.err)
                .contains("unknown target default/Deployment/nope")
                .contains("known targets: default/Deployment/web, dev/Deployment/api")
                .doesNotContain("\tat ");

        Run missing = audit("verify", "--bootstrap-servers", kafka.bootstrapServers(), "--topic-prefix", "nope.");
        assertThat(missing.code).isEqualTo(2);
        assertThat(missing.err).contains("topic 'nope.alerts' does not exist");

        Run empty = audit(
                "history",
                "--bootstrap-servers",
                kafka.bootstrapServers(),
                "--topic-prefix",
                "a.",
                "--target",
                WEB.key(),
                "--since",
                "2030-01-01T00:00:00Z");
        assertThat(empty.code).isEqualTo(2);
        assertThat(empty.err).contains("empty range");

        Run badTime = audit("verify", "--bootstrap-servers", kafka.bootstrapServers(), "--since", "yesterday");
        assertThat(badTime.code).isEqualTo(2);
        assertThat(badTime.err).contains("--since yesterday: expected an ISO-8601 instant");

        Run badTarget = audit("history", "--bootstrap-servers", kafka.bootstrapServers(), "--target", "web");
        assertThat(badTarget.code).isEqualTo(2);
        assertThat(badTarget.err).contains("--target web");
    }

    // ---- helpers

    record Run(int code, String out, String err) {}

    static Run audit(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = AuditCli.run(
                args,
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8),
                Clock.fixed(T0.plusSeconds(3600), ZoneOffset.UTC),
                Map.of());
        Run run = new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        keepForTheDocs(args, run, kafka.bootstrapServers());
        return run;
    }

    /** Writes each run's command line and output under target/audit-examples: the examples in docs/audit.md. */
    static void keepForTheDocs(String[] args, Run run, String bootstrapServers) {
        try {
            Path examples = Path.of("target", "audit-examples");
            Files.createDirectories(examples);
            String name = String.join(" ", args).replace(bootstrapServers, "localhost:9092");
            Files.writeString(
                    examples.resolve(Integer.toHexString(name.hashCode()) + ".txt"),
                    "$ audit " + name + "\n# exit " + run.code + "\n" + run.out + run.err);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static double recordedReplicaHours() {
        List<Observation> web = inputs().stream()
                .filter(e -> e instanceof Observation o && o.target().equals(WEB))
                .map(Observation.class::cast)
                .toList();
        double millis = 0;
        for (int i = 0; i + 1 < web.size(); i++) {
            millis += web.get(i).specReplicas() * 30_000.0;
        }
        return millis / 3_600_000;
    }

    static void send(List<ScaligatorEvent> events, String topic) {
        try (KafkaProducer<String, byte[]> producer =
                new KafkaProducer<>(defaults().producer("audit-it"))) {
            for (ScaligatorEvent e : events) {
                producer.send(new ProducerRecord<>(
                                topic, null, e.eventTime().toEpochMilli(), e.key(), EventJson.write(e)))
                        .get();
            }
        } catch (Exception e) {
            throw new IllegalStateException("produce failed: " + e, e);
        }
    }

    static KafkaDefaults defaults() {
        return new KafkaDefaults(kafka.bootstrapServers(), Map.of());
    }

    static List<ConsumerRecord<String, byte[]>> read(String topic) {
        return CommittedRecords.readAll(kafka.bootstrapServers(), topic, Duration.ofMinutes(1));
    }
}
