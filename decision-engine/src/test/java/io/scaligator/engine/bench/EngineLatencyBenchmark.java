package io.scaligator.engine.bench;

import io.scaligator.common.config.ScaligatorConfig;
import io.scaligator.common.config.TopicRetention;
import io.scaligator.common.event.AlertDetails;
import io.scaligator.common.event.AlertSignal;
import io.scaligator.common.event.Decision;
import io.scaligator.common.event.MetricSample;
import io.scaligator.common.event.Observation;
import io.scaligator.common.event.ScaleCommand;
import io.scaligator.common.kafka.KafkaDefaults;
import io.scaligator.common.kafka.TopicAdmin;
import io.scaligator.common.kafka.Topics;
import io.scaligator.common.serde.EventSerde;
import io.scaligator.common.target.TargetRef;
import io.scaligator.embedded.kafka.KafkaBroker;
import io.scaligator.engine.DecisionEngine;
import io.scaligator.engine.Fixtures;
import io.scaligator.engine.policy.Policies;
import io.scaligator.engine.topology.DecisionListener;
import io.scaligator.engine.topology.EngineTopology;
import io.scaligator.testkit.ClientTimings;
import io.scaligator.testkit.Latencies;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.KafkaStreams;

/**
 * Latency of the engine stage alone (not a test): an alert signal acknowledged by the broker (acks=all, as the
 * receiver publishes it) -> the scale command it causes visible to a read_committed consumer, at a fixed open-loop
 * rate, with only the broker and the engine in the JVM. It separates what exactly-once commits cost from the CPU
 * contention of the all-in-one pipeline benchmark. Each alert raises its target's floor by one replica, so each
 * must yield a command. Run it with
 * {@code java -cp decision-engine/target/test-classes:decision-engine/target/classes:$(cat
 * decision-engine/target/bench.classpath) io.scaligator.engine.bench.EngineLatencyBenchmark 200 30 600}
 * (alerts/s, measured seconds after as long a warm-up at the same rate, targets, and optionally
 * engine.commit_interval in ms, 0 or absent: the product's default);
 * {@code -Dbench.kafka.properties="a=b;c=d"} adds {@code [kafka.properties]}.
 */
public final class EngineLatencyBenchmark {

    private static final int PARTITIONS = 6;

    private EngineLatencyBenchmark() {}

    public static void main(String[] args) throws Exception {
        double rate = args.length > 0 ? Double.parseDouble(args[0]) : 200;
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 30;
        int targets = args.length > 2 ? Integer.parseInt(args[2]) : 600;
        int commitMs = args.length > 3 ? Integer.parseInt(args[3]) : 0;
        int perPhase = (int) Math.round(rate * seconds);
        int rules = 2 * perPhase / targets + 1;
        Path dir = Files.createTempDirectory("scaligator-engine-latency");
        try (KafkaBroker broker = KafkaBroker.start(dir)) {
            Topics topics = new Topics("bench.");
            KafkaDefaults kafka = new KafkaDefaults(broker.bootstrapServers(), Map.of());
            try (Admin admin = Admin.create(kafka.admin("bench"))) {
                new TopicAdmin(admin, topics, TopicRetention.DEFAULT, Duration.ofSeconds(30))
                        .ensureAll(PARTITIONS, (short) 1);
            }
            ScaligatorConfig config = Fixtures.config(toml(broker.bootstrapServers(), dir, commitMs, rules));
            AtomicInteger decided = new AtomicInteger();
            DecisionListener counter = new DecisionListener() {
                @Override
                public void decided(Decision decision) {
                    decided.incrementAndGet();
                }
            };
            System.out.printf(
                    Locale.ROOT,
                    "Engine latency benchmark: %.0f alerts/s, %d s warm-up + %d s measured, "
                            + "%d targets, %d partitions, engine.commit_interval %d ms%s, extra [kafka.properties] '%s'%n",
                    rate,
                    seconds,
                    seconds,
                    targets,
                    PARTITIONS,
                    config.engine().commitInterval().toMillis(),
                    commitMs > 0 ? "" : " (the default)",
                    System.getProperty("bench.kafka.properties", ""));
            try (KafkaStreams streams = new KafkaStreams(
                            EngineTopology.build(
                                    Policies.from(config),
                                    topics,
                                    config.engine().checkpointInterval(),
                                    counter),
                            DecisionEngine.streamsProperties(config));
                    CommandWatch commands = new CommandWatch(kafka, topics.commands());
                    KafkaProducer<String, byte[]> producer = new KafkaProducer<>(kafka.producer("bench-alerts"))) {
                streams.start();
                observeAll(producer, topics, targets);
                awaitAtLeast(decided, targets, "the decisions on the first observations");
                long[] warmUp = send(producer, topics, commands, 0, perPhase, rate, targets);
                System.out.println("warm-up   " + Latencies.of(warmUp).summary());
                ClientTimings before = ClientTimings.snapshot();
                long[] measured = send(producer, topics, commands, perPhase, perPhase, rate, targets);
                System.out.println("RESULT alert acknowledged -> command visible (read_committed): "
                        + Latencies.of(measured).summary());
                System.out.println("the stream thread and its producer during the measured run (JMX):");
                ClientTimings.snapshot().since(before).forEach(line -> System.out.println("  " + line));
            }
        }
    }

    private static String toml(String bootstrap, Path dir, int commitMs, int rules) {
        StringBuilder toml = new StringBuilder("""
                watch_namespaces = ["bench"]
                max_replicas = 10000
                [kafka]
                bootstrap_servers = "%s"
                topic_prefix = "bench."
                [engine]
                state_dir = "%s"
                %s
                stabilization_up = "0s"
                stabilization_down = "0s"
                scale_up_pods = 10000
                scale_up_percent = 10000
                scale_up_period = "1s"
                [kafka.properties]
                %s
                """.formatted(
                        bootstrap,
                        dir.resolve("state"),
                        commitMs > 0 ? "commit_interval = \"" + commitMs + "ms\"" : "",
                        System.getProperty("bench.kafka.properties", "").replace(";", "\n")));
        for (int seq = 1; seq <= rules; seq++) {
            toml.append("""
                    [[alert_rules]]
                    name = "floor-%d"
                    match = { alertname = "Floor%d" }
                    floor_replicas = %d
                    """.formatted(seq, seq, 1 + seq));
        }
        return toml.toString();
    }

    /** One observation per target at 1 replica (the metric missing): the engine needs one before it scales. */
    private static void observeAll(KafkaProducer<String, byte[]> producer, Topics topics, int targets) {
        EventSerde<Observation> serde = EventSerde.of(Observation.class);
        Instant now = Instant.now();
        for (int t = 0; t < targets; t++) {
            Observation o = new Observation(
                    "obs-" + t,
                    target(t),
                    now,
                    1,
                    1,
                    List.of(MetricSample.missing("cpu", "benchmark")),
                    null,
                    Map.of());
            producer.send(
                    new ProducerRecord<>(topics.observations(), o.key(), serde.serialize(topics.observations(), o)));
        }
        producer.flush();
    }

    /**
     * Sends alerts {@code first .. first+count-1} open-loop at {@code rate} (alert g: target g mod targets, its
     * (g / targets + 1)-th floor) and returns each one's latency from acknowledgement to its command, in ns.
     */
    private static long[] send(
            KafkaProducer<String, byte[]> producer,
            Topics topics,
            CommandWatch commands,
            int first,
            int count,
            double rate,
            int targets)
            throws InterruptedException {
        EventSerde<AlertSignal> serde = EventSerde.of(AlertSignal.class);
        long[] acked = new long[count];
        long period = (long) (1e9 / rate);
        long start = System.nanoTime();
        for (int i = 0; i < count; i++) {
            long wait;
            while ((wait = start + i * period - System.nanoTime()) > 0) {
                LockSupport.parkNanos(wait);
            }
            int g = first + i;
            AlertSignal alert = alert(g, targets);
            int slot = i;
            producer.send(
                    new ProducerRecord<>(topics.alerts(), alert.key(), serde.serialize(topics.alerts(), alert)),
                    (metadata, error) -> acked[slot] = error == null ? System.nanoTime() : -1);
        }
        long[] latency = new long[count];
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        for (int i = 0; i < count; i++) {
            int g = first + i;
            long seen;
            while ((seen = commands.seen(target(g % targets), 1 + g / targets + 1)) < 0) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("no command for alert " + g + " after 120 s");
                }
                TimeUnit.MILLISECONDS.sleep(10);
            }
            latency[i] = seen - acked[i];
        }
        return latency;
    }

    private static AlertSignal alert(int g, int targets) {
        int seq = g / targets + 1;
        Instant now = Instant.now();
        Map<String, String> labels = Map.of(
                "alertname",
                "Floor" + seq,
                "namespace",
                "bench",
                "deployment",
                target(g % targets).name());
        return new AlertSignal(
                "al-bench-" + g,
                AlertSignal.SignalKind.ALERT,
                target(g % targets),
                null,
                true,
                null,
                now,
                new AlertDetails(
                        "Floor" + seq,
                        AlertDetails.AlertStatus.FIRING,
                        "fp-" + g,
                        now,
                        null,
                        labels,
                        Map.of(),
                        null,
                        "scaligator",
                        "{}"),
                null);
    }

    private static TargetRef target(int t) {
        return TargetRef.deployment("bench", String.format(Locale.ROOT, "w%04d", t));
    }

    private static void awaitAtLeast(AtomicInteger counter, int n, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (counter.get() < n) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("gave up waiting for " + what);
            }
            TimeUnit.MILLISECONDS.sleep(50);
        }
    }

    /** A read_committed consumer of the commands topic noting when each (target, replicas) first became visible. */
    private static final class CommandWatch implements AutoCloseable {

        private final Map<String, Long> firstSeen = new ConcurrentHashMap<>();
        private final Thread thread;
        private volatile boolean running = true;

        CommandWatch(KafkaDefaults kafka, String topic) {
            EventSerde<ScaleCommand> serde = EventSerde.of(ScaleCommand.class);
            thread = new Thread(
                    () -> {
                        try (KafkaConsumer<String, byte[]> consumer =
                                new KafkaConsumer<>(kafka.groupLessConsumer("bench-commands"))) {
                            List<TopicPartition> partitions = new ArrayList<>();
                            for (int p = 0; p < PARTITIONS; p++) {
                                partitions.add(new TopicPartition(topic, p));
                            }
                            consumer.assign(partitions);
                            consumer.seekToBeginning(partitions);
                            while (running) {
                                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(100))) {
                                    long now = System.nanoTime();
                                    ScaleCommand c = serde.deserialize(topic, r.value());
                                    firstSeen.putIfAbsent(c.target().key() + "=" + c.toReplicas(), now);
                                }
                            }
                        }
                    },
                    "bench-commands");
            thread.start();
        }

        long seen(TargetRef target, int replicas) {
            return firstSeen.getOrDefault(target.key() + "=" + replicas, -1L);
        }

        @Override
        public void close() throws InterruptedException {
            running = false;
            thread.join();
        }
    }
}
