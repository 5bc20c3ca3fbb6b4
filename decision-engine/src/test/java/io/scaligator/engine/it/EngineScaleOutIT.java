package io.scaligator.engine.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.scaligator.common.config.TopicRetention;
import io.scaligator.common.event.Decision;
import io.scaligator.common.event.InputRef;
import io.scaligator.common.event.Observation;
import io.scaligator.common.event.ScaleCommand;
import io.scaligator.common.kafka.TopicAdmin;
import io.scaligator.common.kafka.Topics;
import io.scaligator.common.serde.EventJson;
import io.scaligator.common.target.TargetRef;
import io.scaligator.testkit.Backlog;
import io.scaligator.testkit.KafkaBrokerExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three engine jars, each in its own JVM, run one application on six partitions while observations stream in; one
 * is killed with SIGKILL mid-stream and the two others take its partitions over. Every input is decided exactly
 * once, every command is committed once with the id its input determines, each target's decisions keep their
 * inputs' order, and the takeover pause is measured (printed, not asserted: it depends on the machine).
 */
class EngineScaleOutIT {

    @RegisterExtension
    static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

    private static final String APPLICATION_ID = "scaleout-engine";
    private static final int PARTITIONS = 6;
    private static final int TARGETS = 120;
    private static final int ROUNDS = 80;
    private static final int PER_SECOND = 400;
    /** As deploy/ runs the engines; {@code -Dscaleout.standby_replicas=0} measures a takeover without standbys. */
    private static final int STANDBY_REPLICAS = Integer.getInteger("scaleout.standby_replicas", 1);

    private static final List<String> INSTANCES = List.of("engine-a", "engine-b", "engine-c");
    private static final Set<Integer> ALL_PARTITIONS =
            IntStream.range(0, PARTITIONS).boxed().collect(Collectors.toCollection(TreeSet::new));

    @TempDir
    Path dir;

    @Test
    void twoInstancesTakeOverTheKilledOnesPartitionsWithoutLosingOrRepeatingAnything() throws Exception {
        Topics topics = new Topics("scaleout.");
        KafkaTestClient client = new KafkaTestClient(KAFKA.bootstrapServers());
        try (Admin admin = Admin.create(client.defaults().admin("it"))) {
            new TopicAdmin(admin, topics, TopicRetention.DEFAULT, Duration.ofSeconds(30))
                    .ensureAll(PARTITIONS, (short) 1);
        }
        List<Observation> inputs = ScaleUpSeries.of(TARGETS, ROUNDS);
        Path logs = Files.createDirectories(Path.of("target", "it-logs"));

        List<RecordMetadata> landed;
        List<EngineProcess> engines = new ArrayList<>();
        ExecutorService load = Executors.newSingleThreadExecutor();
        try (ArrivalWatch watch = ArrivalWatch.start(KAFKA.bootstrapServers(), topics.decisions())) {
            for (String name : INSTANCES) {
                EngineToml toml = new EngineToml(
                        KAFKA.bootstrapServers(),
                        topics,
                        PARTITIONS,
                        APPLICATION_ID,
                        "standby_replicas = " + STANDBY_REPLICAS,
                        "\"client.id\" = \"" + name + "\"",
                        EngineToml.SHORT_SESSION);
                Path config = toml.write(dir.resolve(name + ".toml"), dir.resolve(name));
                engines.add(EngineProcess.start(config, logs.resolve("scaleout-" + name + ".log")));
            }
            // Before any input: the changelogs are empty, so every instance is caught up and gets its share at once.
            await("each of the three instances holds partitions")
                    .atMost(Duration.ofMinutes(3))
                    .pollInterval(Duration.ofMillis(500))
                    .ignoreExceptions()
                    .until(() -> sharesAll(held(client, topics), INSTANCES));

            Future<List<RecordMetadata>> landing =
                    load.submit(() -> client.produce(topics.observations(), inputs, PER_SECOND));
            // early, so that the load goes on through the takeover and the pause shows on the victim's partitions
            Backlog.awaitDrained(
                    "a tenth of the inputs decided",
                    () -> Math.max(0, inputs.size() / 10 - watch.seen()),
                    Duration.ofSeconds(90));
            String victim = INSTANCES.get(0);
            Set<Integer> taken = await("the assignment before the kill")
                    .atMost(Duration.ofMinutes(2))
                    .pollInterval(Duration.ofMillis(200))
                    .ignoreExceptions()
                    .until(() -> held(client, topics), h -> sharesAll(h, INSTANCES))
                    .get(victim);
            engines.get(0).kill();
            long killedAt = System.nanoTime();
            long decidedAtKill = watch.seen();
            long lagAtKill = client.lag(APPLICATION_ID, List.of(topics.observations(), topics.alerts()));
            assertThat(decidedAtKill).as("killed mid-stream").isLessThan(inputs.size());

            landed = landing.get();
            long loadEndedAt = System.nanoTime();
            Backlog.awaitDrained(
                    "every input committed by the two survivors",
                    () -> client.lag(APPLICATION_ID, List.of(topics.observations(), topics.alerts())),
                    Duration.ofSeconds(90));
            Backlog.awaitDrained("every decision visible", () -> inputs.size() - watch.seen(), Duration.ofSeconds(90));
            List<String> survivors = INSTANCES.subList(1, INSTANCES.size());
            await("the two survivors hold every partition")
                    .atMost(Duration.ofMinutes(2))
                    .pollInterval(Duration.ofMillis(500))
                    .ignoreExceptions()
                    .until(() -> sharesAll(held(client, topics), survivors));

            Set<Integer> kept = new TreeSet<>(ALL_PARTITIONS);
            kept.removeAll(taken);
            System.out.printf(
                    "EngineScaleOutIT: standby_replicas=%d, %d inputs at %d/s; SIGKILL of %s (partitions %s) with %d"
                            + " decided, %d not yet committed by the group, the load running until %+d ms; takeover"
                            + " pause (longest gap between committed decisions) on its partitions %d ms, on the"
                            + " survivors' own %d ms; per partition, around the kill: %s%n",
                    STANDBY_REPLICAS,
                    inputs.size(),
                    PER_SECOND,
                    victim,
                    taken,
                    decidedAtKill,
                    lagAtKill,
                    (loadEndedAt - killedAt) / 1_000_000,
                    longestGap(watch, taken).toMillis(),
                    longestGap(watch, kept).toMillis(),
                    ALL_PARTITIONS.stream()
                            .collect(Collectors.toMap(
                                    p -> p, p -> watch.longestGap(p).around(killedAt), (a, b) -> a, TreeMap::new)));
        } finally {
            load.shutdownNow();
            for (EngineProcess engine : engines) {
                engine.close();
            }
        }

        List<Decision> decisions = client.readAll(topics.decisions()).stream()
                .map(r -> EventJson.read(r.value(), Decision.class))
                .toList();
        Set<String> inputCoordinates =
                ScaleUpSeries.refs(landed).stream().map(InputRef::coordinates).collect(Collectors.toSet());
        assertThat(decisions).as("one decision per input").hasSize(inputs.size());
        assertThat(decisions.stream().map(d -> d.input().coordinates()).collect(Collectors.toSet()))
                .as("every input decided")
                .isEqualTo(inputCoordinates);

        // read in partition and offset order: the order in which each target's decisions were committed
        Map<TargetRef, List<Long>> inputOffsets = new LinkedHashMap<>();
        decisions.forEach(d -> inputOffsets
                .computeIfAbsent(d.target(), t -> new ArrayList<>())
                .add(d.input().offset()));
        assertThat(inputOffsets).hasSize(TARGETS).allSatisfy((target, offsets) -> assertThat(offsets)
                .as("%s decided in input order", target)
                .isSorted());

        List<String> commandIds = client.readAll(topics.commands()).stream()
                .map(r -> EventJson.read(r.value(), ScaleCommand.class).id())
                .toList();
        assertThat(commandIds).as("no command duplicated").doesNotHaveDuplicates();
        assertThat(new HashSet<>(commandIds)).as("no command lost").isEqualTo(ScaleUpSeries.commandIds(landed));
    }

    /** The partitions each engine instance holds, by the client.id its config gives it. */
    private static Map<String, Set<Integer>> held(KafkaTestClient client, Topics topics) {
        Map<String, Set<Integer>> held = new TreeMap<>();
        client.assignment(APPLICATION_ID, topics.observations()).forEach((clientId, partitions) -> held.computeIfAbsent(
                        clientId.substring(0, clientId.indexOf("-StreamThread-")), k -> new TreeSet<>())
                .addAll(partitions));
        return held;
    }

    /** Whether exactly these instances hold partitions, each some, all of them together. */
    private static boolean sharesAll(Map<String, Set<Integer>> held, List<String> instances) {
        return held.keySet().equals(new TreeSet<>(instances))
                && held.values().stream().noneMatch(Set::isEmpty)
                && held.values().stream()
                        .flatMap(Set::stream)
                        .collect(Collectors.toSet())
                        .equals(ALL_PARTITIONS);
    }

    private static Duration longestGap(ArrivalWatch watch, Set<Integer> partitions) {
        return partitions.stream()
                .map(p -> watch.longestGap(p).length())
                .max(Comparator.naturalOrder())
                .orElse(Duration.ZERO);
    }
}
