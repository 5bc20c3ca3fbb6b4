package io.scaligator.engine.bench;

import io.scaligator.common.config.ScaligatorConfig;
import io.scaligator.common.config.TopicRetention;
import io.scaligator.common.event.Decision;
import io.scaligator.common.event.MetricSample;
import io.scaligator.common.event.Observation;
import io.scaligator.common.kafka.TopicAdmin;
import io.scaligator.common.kafka.Topics;
import io.scaligator.common.target.TargetRef;
import io.scaligator.embedded.kafka.KafkaBroker;
import io.scaligator.engine.DecisionEngine;
import io.scaligator.engine.Fixtures;
import io.scaligator.engine.core.Policy;
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
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;

/**
 * Signals per second of one engine instance on the real (in-JVM) broker with exactly_once_v2, beside a same-run
 * baseline: a plain consumer reading the same topic. Not a test; run it with
 * {@code mvn -q -pl decision-engine -am test-compile exec:java -Dexec.classpathScope=test
 * -Dexec.skip=true -Dexec.mainClass=io.scaligator.engine.bench.EngineBenchmark -Dexec.args="300000 3 1"}
 * (signals, partitions, stream threads, and optionally warm-up signals, default 200,000). The warm-up runs the
 * same load through other topics and another application id first, so that the measured run sees JIT-compiled
 * broker, consumer and engine code, as a long-running engine does; 0 measures the cold JVM.
 */
public final class EngineBenchmark {

    private EngineBenchmark() {}

    public static void main(String[] args) throws Exception {
        int signals = args.length > 0 ? Integer.parseInt(args[0]) : 300_000;
        int partitions = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        int threads = args.length > 2 ? Integer.parseInt(args[2]) : 1;
        int warmUp = args.length > 3 ? Integer.parseInt(args[3]) : 200_000;
        Path dir = Files.createTempDirectory("scaligator-engine-bench");
        try (KafkaBroker broker = KafkaBroker.start(dir)) {
            KafkaTestClient client = new KafkaTestClient(broker.bootstrapServers());
            if (warmUp > 0) {
                System.out.printf("warm-up (JIT of broker, consumer and engine; not measured): %,d signals%n", warmUp);
                run(broker, client, dir, "warmup.", warmUp, partitions, threads);
            }
            double[] rates = run(broker, client, dir, "bench.", signals, partitions, threads);
            System.out.printf(
                    "engine    exactly_once_v2, 1 instance, %d stream thread(s): %,.0f signals/s "
                            + "(%.0f%% of baseline)%n",
                    threads, rates[1], 100 * rates[1] / rates[0]);
        }
    }

    /** Produces the observations into topics of the given prefix, then times the baseline and the engine on them. */
    private static double[] run(
            KafkaBroker broker,
            KafkaTestClient client,
            Path dir,
            String prefix,
            int signals,
            int partitions,
            int threads)
            throws Exception {
        int targets = 2_000;
        Topics topics = new Topics(prefix);
        try (Admin admin = Admin.create(client.defaults().admin("bench"))) {
            new TopicAdmin(admin, topics, TopicRetention.DEFAULT, Duration.ofSeconds(30))
                    .ensureAll(partitions, (short) 1);
        }
        long produceStart = System.nanoTime();
        client.produce(topics.observations(), observations(signals, targets));
        System.out.printf(
                "produced %,d observations for %,d targets into %d partitions in %.1f s%n",
                signals, targets, partitions, seconds(System.nanoTime() - produceStart));

        double baseline = plainConsumer(client, topics.observations(), signals);
        System.out.printf("baseline  plain consumer (read_committed, bytes only): %,.0f records/s%n", baseline);

        ScaligatorConfig config = Fixtures.config("""
                watch_namespaces = ["default"]
                [kafka]
                bootstrap_servers = "%s"
                topic_prefix = "%s"
                [engine]
                application_id = "%sengine"
                state_dir = "%s"
                [kafka.properties]
                %s
                """.formatted(
                        broker.bootstrapServers(),
                        prefix,
                        prefix,
                        dir.resolve(prefix + "state"),
                        System.getProperty("bench.kafka.properties", "").replace(";", "\n")));
        System.out.printf(
                "engine    commit interval %s%n",
                DecisionEngine.streamsProperties(config).get(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG) + " ms");
        return new double[] {baseline, engine(config, topics, signals, threads, client)};
    }

    private static List<Observation> observations(int count, int targets) {
        Random random = new Random(7);
        Instant t0 = Instant.now().minus(Duration.ofHours(2)).truncatedTo(ChronoUnit.SECONDS);
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

    private static double plainConsumer(KafkaTestClient client, String topic, int expected) {
        var props = client.defaults().consumer("bench-baseline", "bench-baseline");
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 2000);
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(props)) {
            consumer.subscribe(List.of(topic));
            long count = 0;
            long bytes = 0;
            long first = 0;
            while (count < expected) {
                ConsumerRecords<String, byte[]> records = consumer.poll(Duration.ofMillis(500));
                if (!records.isEmpty() && first == 0) {
                    first = System.nanoTime();
                }
                for (var r : records) {
                    bytes += r.value().length;
                    count++;
                }
            }
            double rate = expected / seconds(System.nanoTime() - first);
            System.out.printf("baseline read %,d records (%,d MB)%n", count, bytes >> 20);
            return rate;
        }
    }

    /**
     * Runs one engine instance until its consumer group has committed every input (so records re-processed after
     * an aborted transaction are not counted twice) and returns committed signals per second, measured from the
     * first decision.
     */
    private static double engine(
            ScaligatorConfig config, Topics topics, int expected, int threads, KafkaTestClient client)
            throws InterruptedException {
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
        Policy policy = Policies.from(config);
        Properties props = DecisionEngine.streamsProperties(config);
        props.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, threads);
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        ThreadCpu atStart = ThreadCpu.snapshot();
        long start = System.nanoTime();
        try (Admin admin = Admin.create(client.defaults().admin("bench-lag"));
                KafkaStreams streams = new KafkaStreams(
                        EngineTopology.build(policy, topics, config.engine().checkpointInterval(), counter), props)) {
            streams.start();
            long deadline = start + TimeUnit.MINUTES.toNanos(10);
            while (KafkaTestClient.lag(
                            admin, config.engine().applicationId(), List.of(topics.observations(), topics.alerts()))
                    > 0) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("not done after 10 minutes: " + decided.get() + " decided");
                }
                Thread.sleep(200);
            }
            long end = System.nanoTime();
            ThreadCpu atEnd = ThreadCpu.snapshot();
            long processCpu = atEnd.processSince(atStart);
            CpuSplit split = CpuSplit.of(atEnd.byGroupSince(atStart), processCpu);
            long streamCpu = split.streamThreads();
            System.out.printf(
                    "engine committed %,d signals in %.1f s after a %.1f s start (%,d evaluations: "
                            + "%,d re-done after aborted transactions)%n",
                    expected,
                    seconds(end - first.get()),
                    seconds(first.get() - start),
                    decided.get(),
                    decided.get() - expected);
            System.out.printf(
                    "engine CPU: stream thread(s) %.1f s = %,.0f signals per stream-thread CPU second; "
                            + "whole JVM incl. broker %.1f s; machine load average %.1f on %d cores%n",
                    seconds(streamCpu),
                    expected / seconds(streamCpu),
                    seconds(processCpu),
                    os.getSystemLoadAverage(),
                    os.getAvailableProcessors());
            System.out.printf(
                    "engine CPU per signal: stream thread(s) %.1f us, their producers' I/O threads %.1f us, "
                            + "broker and other live threads %.1f us, GC, JIT and ended threads %.1f us = %.1f us%n",
                    micros(split.streamThreads(), expected),
                    micros(split.producerIo(), expected),
                    micros(split.otherThreads(), expected),
                    micros(split.rest(), expected),
                    micros(processCpu, expected));
            return expected / seconds(end - first.get());
        }
    }

    /** Where the JVM's CPU time went during the run: the stream threads, their producers, the rest. */
    private record CpuSplit(long streamThreads, long producerIo, long otherThreads, long rest) {

        static CpuSplit of(Map<String, Long> byThreadGroup, long processCpu) {
            long stream = 0;
            long producer = 0;
            long other = 0;
            for (Map.Entry<String, Long> group : byThreadGroup.entrySet()) {
                String name = group.getKey();
                if (name.contains("StreamThread") && name.contains("producer")) {
                    producer += group.getValue();
                } else if (name.contains("StreamThread")) {
                    stream += group.getValue();
                } else {
                    other += group.getValue();
                }
            }
            return new CpuSplit(stream, producer, other, processCpu - stream - producer - other);
        }
    }

    private static double micros(long nanos, int count) {
        return nanos / 1e3 / count;
    }

    private static double seconds(long nanos) {
        return nanos / 1e9;
    }
}
