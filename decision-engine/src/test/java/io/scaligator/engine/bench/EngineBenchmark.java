package io.scaligator.engine.bench;

import io.scaligator.common.config.ScaligatorConfig;
import io.scaligator.common.config.TopicRetention;
import io.scaligator.common.event.Decision;
import io.scaligator.common.event.MetricSample;
import io.scaligator.common.event.Observation;
import io.scaligator.common.kafka.TopicAdmin;
import io.scaligator.common.kafka.Topics;
import io.scaligator.common.serde.EventJson;
import io.scaligator.common.target.TargetRef;
import io.scaligator.embedded.kafka.KafkaBroker;
import io.scaligator.engine.DecisionEngine;
import io.scaligator.engine.Fixtures;
import io.scaligator.engine.it.KafkaTestClient;
import io.scaligator.engine.policy.Policies;
import io.scaligator.engine.topology.DecisionListener;
import io.scaligator.engine.topology.EngineTopology;
import io.scaligator.testkit.ThreadCpu;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.ToDoubleFunction;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;

/**
 * Signals per second of one engine instance on the real (in-JVM) broker with exactly_once_v2, beside two same-run
 * references: a plain consumer reading the input topic, and the floor this architecture allows, a no-op
 * exactly-once Streams topology ({@link NoOpFloor}) on the same input topics that writes the engine's output volume
 * with the engine's own Streams settings. Not a test; run it as docs/decision-engine.md (Benchmark) shows:
 * {@code java -cp decision-engine/target/test-classes:decision-engine/target/classes:$(cat
 * decision-engine/target/bench.classpath) io.scaligator.engine.bench.EngineBenchmark 300000 3 1 200000 2 10,100}.
 *
 * <p>Arguments, all optional: signals (300,000), partitions (3), stream threads (1), warm-up signals (200,000; 0
 * measures the cold JVM), rounds (2), commit intervals in ms, comma-separated ({@code 0}, the default: the
 * product's {@code engine.commit_interval}; e.g. {@code 10,100} measures both in one session). The warm-up runs
 * the engine and the floor once each per commit interval through {@code warmup.} topics, so that the measured
 * runs meet JIT-compiled broker, consumer, Streams and engine code, as a long-running engine does. Each round runs
 * the engine and the floor once per commit interval, the order reversed every other round (engine, floor, floor,
 * engine, ...), on the same input records; the floor's outputs are planned from the first measured engine run's
 * committed outputs.
 */
public final class EngineBenchmark {

    private static final int TARGETS = 2_000;
    private static final String ENGINE = "engine";
    private static final String FLOOR = "floor";

    private final KafkaBroker broker;
    private final KafkaTestClient client;
    private final Path dir;
    private final int partitions;
    private final int threads;
    private int runNumber;

    private EngineBenchmark(KafkaBroker broker, Path dir, int partitions, int threads) {
        this.broker = broker;
        this.client = new KafkaTestClient(broker.bootstrapServers());
        this.dir = dir;
        this.partitions = partitions;
        this.threads = threads;
    }

    public static void main(String[] args) throws Exception {
        int signals = args.length > 0 ? Integer.parseInt(args[0]) : 300_000;
        int partitions = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        int threads = args.length > 2 ? Integer.parseInt(args[2]) : 1;
        int warmUp = args.length > 3 ? Integer.parseInt(args[3]) : 200_000;
        int rounds = args.length > 4 ? Integer.parseInt(args[4]) : 2;
        List<Long> intervals = Arrays.stream((args.length > 5 ? args[5] : "0").split(","))
                .map(Long::parseLong)
                .toList();
        Path dir = Files.createTempDirectory("scaligator-engine-bench");
        try (KafkaBroker broker = KafkaBroker.start(dir)) {
            EngineBenchmark bench = new EngineBenchmark(broker, dir, partitions, threads);
            System.out.printf(
                    Locale.ROOT,
                    "Engine throughput benchmark: %,d signals for %,d targets, %d partitions, %d stream thread(s), "
                            + "%d round(s), commit intervals %s; extra [kafka.properties] '%s'; %d CPUs%n",
                    signals,
                    TARGETS,
                    partitions,
                    threads,
                    rounds,
                    intervals.stream().map(EngineBenchmark::intervalName).toList(),
                    System.getProperty("bench.kafka.properties", ""),
                    Runtime.getRuntime().availableProcessors());
            if (warmUp > 0) {
                System.out.printf(
                        Locale.ROOT,
                        "warm-up (JIT of broker, consumer, Streams and engine; not the result): %,d signals%n",
                        warmUp);
                Topics warm = bench.produce("warmup.", warmUp);
                OutputPlan plan = null;
                for (long interval : intervals) {
                    bench.engine(warm, interval, warmUp);
                    plan = plan == null ? OutputPlan.read(bench.client, warm, partitions) : plan;
                    bench.floor(warm, interval, warmUp, plan);
                }
            }
            bench.measure(signals, rounds, intervals);
        }
    }

    private void measure(int signals, int rounds, List<Long> intervals) {
        Topics topics = produce("bench.", signals);
        double baseline = plainConsumer(topics.observations(), signals);
        System.out.printf(
                Locale.ROOT, "baseline  plain consumer (read_committed, bytes only): %,.0f records/s%n", baseline);

        CoreBenchmark.Stages core = coreStages(signals);
        System.out.println(
                "engine's own work without Kafka (CoreBenchmark's stages on the same inputs, one thread): " + core);

        List<Run> runs = new ArrayList<>();
        OutputPlan plan = null;
        for (int round = 0; round < rounds; round++) {
            List<Step> order = new ArrayList<>();
            for (long interval : intervals) {
                order.add(new Step(ENGINE, interval));
                order.add(new Step(FLOOR, interval));
            }
            if (round % 2 == 1) {
                Collections.reverse(order);
            }
            for (Step step : order) {
                long interval = step.intervalMs();
                if (step.kind().equals(ENGINE)) {
                    runs.add(engine(topics, interval, signals));
                    if (plan == null) {
                        plan = OutputPlan.read(client, topics, partitions);
                        System.out.println("engine output: " + plan.describe(signals)
                                + " (the floor writes the same records, sizes and keys); the engine also writes "
                                + changelog(topics, runs.get(0)));
                    }
                } else {
                    runs.add(floor(topics, interval, signals, plan));
                    if (runs.stream().filter(r -> r.kind().equals(FLOOR)).count() == 1) {
                        System.out.println("floor output: " + checkFloorOutput(topics, plan));
                    }
                }
            }
        }
        summarize(runs, intervals, core);
    }

    /** Creates the topics of {@code prefix} and produces the observations into them. */
    private Topics produce(String prefix, int signals) {
        Topics topics = new Topics(prefix);
        try (Admin admin = Admin.create(client.defaults().admin("bench"))) {
            TopicAdmin topicAdmin = new TopicAdmin(admin, topics, TopicRetention.DEFAULT, Duration.ofSeconds(30));
            topicAdmin.ensureAll(partitions, (short) 1);
            topicAdmin.ensureTopics(NoOpFloor.outputTopics(topics), partitions, (short) 1);
        }
        long produceStart = System.nanoTime();
        client.produce(topics.observations(), observations(signals, TARGETS, start()));
        System.out.printf(
                Locale.ROOT,
                "produced %,d observations for %,d targets into %d partitions of %s in %.1f s%n",
                signals,
                TARGETS,
                partitions,
                topics.observations(),
                seconds(System.nanoTime() - produceStart));
        return topics;
    }

    private static Instant start() {
        return Instant.now().minus(Duration.ofHours(2)).truncatedTo(ChronoUnit.SECONDS);
    }

    /** The benchmark's load: {@code count} observations round-robin over {@code targets}, 10 ms apart from t0. */
    static List<Observation> observations(int count, int targets, Instant t0) {
        Random random = new Random(7);
        List<Observation> list = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            int t = i % targets;
            double cpu = random.nextDouble();
            list.add(new Observation(
                    "obs-" + i,
                    TargetRef.deployment("default", "web-" + t),
                    t0.plusMillis(i * 10L),
                    2 + random.nextInt(5),
                    2,
                    List.of(MetricSample.present("cpu", cpu)),
                    null,
                    Map.of()));
        }
        return list;
    }

    /** CoreBenchmark's stages on this benchmark's inputs and policy; the second of two passes (warm). */
    private CoreBenchmark.Stages coreStages(int signals) {
        byte[][] inputs = observations(signals, TARGETS, start()).stream()
                .map(EventJson::write)
                .toArray(byte[][]::new);
        var policy = Policies.from(config(new Topics("core."), "core", 0));
        CoreBenchmark.measure(policy, inputs);
        return CoreBenchmark.measure(policy, inputs);
    }

    private double plainConsumer(String topic, int expected) {
        var props = client.defaults().consumer("bench-baseline", "bench-baseline");
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 2000);
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(props)) {
            consumer.subscribe(List.of(topic));
            long count = 0;
            long first = 0;
            while (count < expected) {
                ConsumerRecords<String, byte[]> records = consumer.poll(Duration.ofMillis(500));
                if (!records.isEmpty() && first == 0) {
                    first = System.nanoTime();
                }
                count += records.count();
            }
            return expected / seconds(System.nanoTime() - first);
        }
    }

    /** The config of one run: the topics of {@code topics}, its own application id and state, the interval. */
    private ScaligatorConfig config(Topics topics, String applicationId, long intervalMs) {
        return Fixtures.config("""
                watch_namespaces = ["default"]
                [kafka]
                bootstrap_servers = "%s"
                topic_prefix = "%s"
                [engine]
                application_id = "%s"
                state_dir = "%s"
                %s
                [kafka.properties]
                %s
                """.formatted(
                        broker.bootstrapServers(),
                        topics.prefix(),
                        applicationId,
                        dir.resolve(applicationId + "-state"),
                        intervalMs > 0 ? "commit_interval = \"" + intervalMs + "ms\"" : "",
                        System.getProperty("bench.kafka.properties", "").replace(";", "\n")));
    }

    /** One engine instance on the topics, with exactly_once_v2 and the product's Streams settings. */
    private Run engine(Topics topics, long intervalMs, int expected) {
        ScaligatorConfig config = config(topics, topics.prefix() + "engine-" + (++runNumber), intervalMs);
        AtomicLong decided = new AtomicLong();
        AtomicLong first = new AtomicLong();
        DecisionListener counter = new DecisionListener() {
            @Override
            public void decided(Decision decision) {
                if (decided.incrementAndGet() == 1) {
                    first.set(System.nanoTime());
                }
            }
        };
        Topology topology = EngineTopology.build(
                Policies.from(config), topics, config.engine().checkpointInterval(), counter);
        return run(ENGINE, intervalMs, config, topology, topics, expected, decided, first);
    }

    /** The no-op floor on the same topics, with the engine's Streams settings (its own application id). */
    private Run floor(Topics topics, long intervalMs, int expected, OutputPlan plan) {
        ScaligatorConfig config = config(topics, topics.prefix() + "floor-" + (++runNumber), intervalMs);
        AtomicLong processed = new AtomicLong();
        AtomicLong first = new AtomicLong();
        Topology topology = NoOpFloor.build(topics, plan, processed, first);
        return run(FLOOR, intervalMs, config, topology, topics, expected, processed, first);
    }

    /**
     * Runs the topology with {@link DecisionEngine#streamsProperties} until its consumer group has committed every
     * input (so records re-processed after an aborted transaction are not counted twice); the throughput is
     * committed signals per second from the first processed one.
     */
    private Run run(
            String kind,
            long askedMs,
            ScaligatorConfig config,
            Topology topology,
            Topics topics,
            int expected,
            AtomicLong processed,
            AtomicLong first) {
        Properties props = DecisionEngine.streamsProperties(config);
        props.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, threads);
        long intervalMs = Long.parseLong(
                props.get(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG).toString());
        String group = config.engine().applicationId();
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        ThreadCpu atStart = ThreadCpu.snapshot();
        long start = System.nanoTime();
        try (Admin admin = Admin.create(client.defaults().admin("bench-lag"));
                KafkaStreams streams = new KafkaStreams(topology, props)) {
            streams.start();
            long deadline = start + TimeUnit.MINUTES.toNanos(10);
            while (KafkaTestClient.lag(admin, group, List.of(topics.observations(), topics.alerts())) > 0) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException(
                            kind + " not done after 10 minutes: " + processed.get() + " processed");
                }
                Thread.sleep(50);
            }
            long end = System.nanoTime();
            ThreadCpu atEnd = ThreadCpu.snapshot();
            double commits = streams.metrics().entrySet().stream()
                    .filter(m -> m.getKey().name().equals("commit-total"))
                    .mapToDouble(m -> ((Number) m.getValue().metricValue()).doubleValue())
                    .sum();
            Run run = new Run(
                    kind,
                    group,
                    askedMs,
                    intervalMs,
                    expected,
                    expected / seconds(end - first.get()),
                    seconds(end - first.get()),
                    seconds(first.get() - start),
                    processed.get() - expected,
                    (long) commits,
                    CpuSplit.of(atStart, atEnd, expected),
                    os.getSystemLoadAverage());
            System.out.println(run);
            return run;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * Checks that the floor's first run wrote, as committed records, exactly the planned outputs: as many records
     * of the same total size as the engine's decisions and commands.
     */
    private String checkFloorOutput(Topics topics, OutputPlan plan) {
        List<String> outputs = NoOpFloor.outputTopics(topics);
        long[] decisions = countAndBytes(outputs.get(0));
        long[] commands = countAndBytes(outputs.get(1));
        if (decisions[0] != plan.decisions()
                || decisions[1] != plan.decisionBytes()
                || commands[0] != plan.commands()
                || commands[1] != plan.commandBytes()) {
            throw new IllegalStateException(String.format(
                    Locale.ROOT,
                    "the floor wrote %d decision-sized records (%d bytes) and %d command-sized (%d bytes), "
                            + "the engine %d (%d bytes) and %d (%d bytes)",
                    decisions[0],
                    decisions[1],
                    commands[0],
                    commands[1],
                    plan.decisions(),
                    plan.decisionBytes(),
                    plan.commands(),
                    plan.commandBytes()));
        }
        return String.format(
                Locale.ROOT,
                "checked: %,d decision-sized and %,d command-sized committed records, %,d bytes, as the engine's",
                decisions[0],
                commands[0],
                decisions[1] + commands[1]);
    }

    private long[] countAndBytes(String topic) {
        List<ConsumerRecord<String, byte[]>> records = client.readAll(topic);
        return new long[] {
            records.size(),
            records.stream()
                    .mapToLong(r -> r.value() == null ? 0 : r.value().length)
                    .sum()
        };
    }

    /** The engine's state changelog records of one run: count and mean size. */
    private String changelog(Topics topics, Run engineRun) {
        long[] changelog = countAndBytes(engineRun.group() + "-" + EngineTopology.STATE_STORE + "-changelog");
        return String.format(
                Locale.ROOT,
                "%.3f state changelog records per signal (mean %.0f bytes), which the floor does not",
                (double) changelog[0] / engineRun.signals(),
                (double) changelog[1] / Math.max(1, changelog[0]));
    }

    private static void summarize(List<Run> runs, List<Long> intervals, CoreBenchmark.Stages core) {
        System.out.println();
        List<double[]> engineRates = new ArrayList<>();
        for (long interval : intervals) {
            List<Run> engine = runs.stream()
                    .filter(r -> r.kind().equals(ENGINE) && r.askedMs() == interval)
                    .toList();
            List<Run> floor = runs.stream()
                    .filter(r -> r.kind().equals(FLOOR) && r.askedMs() == interval)
                    .toList();
            double engineRate = mean(engine, Run::rate);
            double floorRate = mean(floor, Run::rate);
            CpuSplit engineCpu = CpuSplit.mean(engine);
            CpuSplit floorCpu = CpuSplit.mean(floor);
            System.out.printf(
                    Locale.ROOT,
                    "RESULT commit interval %d ms, %d run(s) each%n"
                            + "  engine %,9.0f signals/s (runs %s); CPU per signal %s%n"
                            + "  floor  %,9.0f signals/s (runs %s); CPU per signal %s%n"
                            + "  engine/floor throughput %.0f %% (target >= 50 %%); engine stream thread %.1f us ="
                            + " engine's own work %.1f us + Streams, RocksDB and serdes %.1f us (floor's stream"
                            + " thread %.1f us)%n",
                    engine.get(0).intervalMs(),
                    engine.size(),
                    engineRate,
                    rates(engine),
                    engineCpu,
                    floorRate,
                    rates(floor),
                    floorCpu,
                    100 * engineRate / floorRate,
                    engineCpu.streamThread(),
                    core.total(),
                    engineCpu.streamThread() - core.total(),
                    floorCpu.streamThread());
            engineRates.add(new double[] {engine.get(0).intervalMs(), engineRate});
        }
        if (engineRates.size() > 1) {
            double[] longest = engineRates.stream()
                    .max(Comparator.comparingDouble(r -> r[0]))
                    .orElseThrow();
            System.out.println("RESULT engine signals/s by commit interval: "
                    + String.join(
                            ", ",
                            engineRates.stream()
                                    .map(r -> String.format(
                                            Locale.ROOT,
                                            "%.0f ms %,.0f (%+.0f %% against %.0f ms)",
                                            r[0],
                                            r[1],
                                            100 * (r[1] / longest[1] - 1),
                                            longest[0]))
                                    .toList()));
        }
    }

    private static double mean(List<Run> runs, ToDoubleFunction<Run> value) {
        return runs.stream().mapToDouble(value).average().orElse(Double.NaN);
    }

    private static String rates(List<Run> runs) {
        return String.join(
                ", ",
                runs.stream()
                        .map(r -> String.format(Locale.ROOT, "%,.0f", r.rate()))
                        .toList());
    }

    private static String intervalName(long ms) {
        return ms > 0 ? ms + " ms" : "the default (engine.commit_interval)";
    }

    private static double seconds(long nanos) {
        return nanos / 1e9;
    }

    /** One run to make: the engine or the floor, at a commit interval (0: the default). */
    private record Step(String kind, long intervalMs) {}

    /** One measured run of the engine or the floor. */
    private record Run(
            String kind,
            String group,
            long askedMs,
            long intervalMs,
            int signals,
            double rate,
            double seconds,
            double startSeconds,
            long redone,
            long commits,
            CpuSplit cpu,
            double loadAverage) {

        @Override
        public String toString() {
            return String.format(
                    Locale.ROOT,
                    "%-6s %-22s %d ms commits: %,9.0f signals/s (%.2f s from the first input to all committed, "
                            + "%.1f s to start; %,d re-done after aborted transactions; %,d commits); "
                            + "CPU per signal %s; load average %.1f",
                    kind,
                    group,
                    intervalMs,
                    rate,
                    seconds,
                    startSeconds,
                    redone,
                    commits,
                    cpu,
                    loadAverage);
        }
    }

    /**
     * Where the JVM's CPU went during a run, in microseconds per signal: the stream threads, their producers' I/O
     * threads, the broker and the other live Java threads, the garbage collector, the JIT compilers, and the rest
     * (RocksDB's native threads, threads that ended, the VM's own).
     */
    private record CpuSplit(
            double streamThread, double producerIo, double brokerAndOther, double gc, double jit, double rest) {

        static CpuSplit of(ThreadCpu before, ThreadCpu after, int signals) {
            long stream = 0;
            long producer = 0;
            long other = 0;
            for (Map.Entry<String, Long> group : after.byGroupSince(before).entrySet()) {
                String name = group.getKey();
                if (name.contains("StreamThread") && name.contains("producer")) {
                    producer += group.getValue();
                } else if (name.contains("StreamThread")) {
                    stream += group.getValue();
                } else {
                    other += group.getValue();
                }
            }
            long gc = after.gcSince(before);
            long jit = after.jitSince(before);
            long rest = after.processSince(before) - stream - producer - other - gc - jit;
            double n = signals * 1e3;
            return new CpuSplit(stream / n, producer / n, other / n, gc / n, jit / n, rest / n);
        }

        static CpuSplit mean(List<Run> runs) {
            return new CpuSplit(
                    EngineBenchmark.mean(runs, r -> r.cpu().streamThread()),
                    EngineBenchmark.mean(runs, r -> r.cpu().producerIo()),
                    EngineBenchmark.mean(runs, r -> r.cpu().brokerAndOther()),
                    EngineBenchmark.mean(runs, r -> r.cpu().gc()),
                    EngineBenchmark.mean(runs, r -> r.cpu().jit()),
                    EngineBenchmark.mean(runs, r -> r.cpu().rest()));
        }

        double total() {
            return streamThread + producerIo + brokerAndOther + gc + jit + rest;
        }

        @Override
        public String toString() {
            return String.format(
                    Locale.ROOT,
                    "stream thread %.1f + producer I/O %.1f + broker and other threads %.1f + GC %.1f + JIT %.1f"
                            + " + rest %.1f = %.1f us",
                    streamThread,
                    producerIo,
                    brokerAndOther,
                    gc,
                    jit,
                    rest,
                    total());
        }
    }
}
