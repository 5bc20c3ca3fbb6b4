package io.scaligator.receiver;

import io.scaligator.common.event.AlertSignal;
import io.scaligator.common.kafka.PublishException;
import io.scaligator.common.target.TargetRef;
import io.scaligator.embedded.kafka.KafkaBroker;
import io.scaligator.receiver.core.CachingPodOwnerResolver;
import io.scaligator.receiver.core.PodOwnerResolver;
import io.scaligator.receiver.kafka.AlertPublisher;
import java.io.File;
import java.io.IOException;
import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * Throughput and latency of {@code POST /alerts} over loopback HTTP with acks=all on the real in-JVM broker,
 * beside a same-run baseline: the same endpoint with the Kafka acknowledgement replaced by an immediate one (the
 * benchmark wraps the publisher from outside; the receiver has no benchmark hook). The bodies are the captured
 * Alertmanager 0.25 notifications (1, 1 and 4 alerts), sent in rotation. Both phases get the same client, server,
 * headers, bodies, authentication, parsing and mapping; only the wait for Kafka differs. Measurement starts only
 * once the JIT has settled: on two cores C2 otherwise compiles for half a minute, taking a third of the CPU of
 * whichever phase it overlaps, which measures warm-up instead of the receiver.
 *
 * <p>Run as docs/alert-receiver.md shows (arguments: concurrent senders, seconds measured per endpoint).
 */
public final class ReceiverBenchmark {

    private static final Duration WARMUP_ROUND = Duration.ofSeconds(5);
    private static final int MAX_WARMUP_ROUNDS = 12;
    /** Warm-up ends when the JIT compiled for less than this share of a round's wall time. */
    private static final double SETTLED_COMPILE_SHARE = 0.03;

    private static final com.sun.management.OperatingSystemMXBean OS =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

    private ReceiverBenchmark() {}

    public static void main(String[] args) throws Exception {
        int senders = args.length > 0 ? Integer.parseInt(args[0]) : 32;
        Duration measure = Duration.ofSeconds(args.length > 1 ? Long.parseLong(args[1]) : 10);
        Path dir = Files.createTempDirectory("receiver-bench-");
        AtomicBoolean kafka = new AtomicBoolean(true);
        // Pod lookups as they are in steady state: answered from the cache.
        PodOwnerResolver pods = new CachingPodOwnerResolver(
                (ns, pod) -> new PodOwnerResolver.Owned(TargetRef.deployment(ns, "worker")),
                10_000,
                Duration.ofMinutes(10),
                Clock.systemUTC());
        try (KafkaBroker broker = KafkaBroker.start(dir);
                ReceiverHarness receiver = ReceiverHarness.start(
                        broker.bootstrapServers(), pods, Map.of(), publisher -> new Switchable(publisher, kafka))) {
            List<byte[]> bodies = List.of(
                    Payloads.captured(Payloads.FIRING),
                    Payloads.captured(Payloads.RESOLVED),
                    Payloads.captured(Payloads.GROUP_OF_FOUR));
            HttpClient client =
                    HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            System.out.printf(
                    "receiver benchmark: %d senders, %s per endpoint, %d cores, acks=all, bodies of %s alerts%n",
                    senders, measure, Runtime.getRuntime().availableProcessors(), "1/1/4");
            String url = receiver.url("/alerts");
            warmUp(client, url, bodies, senders, kafka);
            kafka.set(false);
            Result baseline = run(client, url, bodies, senders, measure);
            kafka.set(true);
            Result alerts = run(client, url, bodies, senders, measure);
            System.out.println("baseline (no Kafka wait): " + baseline);
            System.out.println("POST /alerts (acks=all):  " + alerts);
            System.out.printf("ratio: %.0f%% of the baseline%n", 100.0 * alerts.perSecond() / baseline.perSecond());
        } finally {
            deleteBrokerData(dir);
        }
    }

    /** The broker's log of a run is about half a gigabyte; it is of no use once the figures are printed. */
    private static void deleteBrokerData(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
        }
    }

    /** The real publisher, or (for the baseline) one that acknowledges at once without Kafka. */
    private record Switchable(AlertPublisher kafka, AtomicBoolean useKafka) implements AlertPublisher {

        @Override
        public void publish(List<AlertSignal> signals, Duration timeout) throws PublishException {
            if (useKafka.get()) {
                kafka.publish(signals, timeout);
            }
        }

        @Override
        public Reachability reachability() {
            return kafka.reachability();
        }

        @Override
        public void close() {
            kafka.close();
        }
    }

    /** Drives both phases in alternating rounds until a round of each leaves the JIT (nearly) idle. */
    private static void warmUp(HttpClient client, String url, List<byte[]> bodies, int senders, AtomicBoolean kafka)
            throws InterruptedException {
        CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
        for (int round = 1; round <= MAX_WARMUP_ROUNDS; round++) {
            long compileMillis = jit.getTotalCompilationTime();
            for (boolean useKafka : new boolean[] {false, true}) {
                kafka.set(useKafka);
                run(client, url, bodies, senders, WARMUP_ROUND);
            }
            double share = (jit.getTotalCompilationTime() - compileMillis) / (double) (WARMUP_ROUND.toMillis() * 2);
            System.out.printf("warm-up round %d: JIT compiling %.1f%% of the time%n", round, 100 * share);
            if (share < SETTLED_COMPILE_SHARE) {
                return;
            }
        }
        System.out.println("warning: the JIT has not settled; figures include compilation");
    }

    /** One measured phase; cpuMicros is this JVM's CPU (client, server, broker together) per request. */
    record Result(
            long requests, long failures, double perSecond, double p50Millis, double p99Millis, double cpuMicros) {

        @Override
        public String toString() {
            return String.format(
                    "%,.0f webhooks/s, p50 %.2f ms, p99 %.2f ms, %.0f us CPU per webhook (%,d requests, "
                            + "%d not 200)",
                    perSecond, p50Millis, p99Millis, cpuMicros, requests, failures);
        }
    }

    private static Result run(HttpClient client, String url, List<byte[]> bodies, int senders, Duration duration)
            throws InterruptedException {
        AtomicLong failures = new AtomicLong();
        List<long[]> latencies = new ArrayList<>();
        int[] counts = new int[senders];
        CountDownLatch done = new CountDownLatch(senders);
        long cpuStart = OS.getProcessCpuTime();
        long start = System.nanoTime();
        long end = start + duration.toNanos();
        for (int s = 0; s < senders; s++) {
            long[] mine = new long[2_000_000];
            latencies.add(mine);
            int sender = s;
            Thread thread = new Thread(
                    () -> {
                        int i = 0;
                        while (System.nanoTime() < end && i < mine.length) {
                            HttpRequest request = HttpRequest.newBuilder(URI.create(url))
                                    .header("Content-Type", "application/json")
                                    .header("Authorization", "Bearer " + ReceiverHarness.TOKEN)
                                    .POST(HttpRequest.BodyPublishers.ofByteArray(
                                            bodies.get((sender + i) % bodies.size())))
                                    .build();
                            long t0 = System.nanoTime();
                            try {
                                HttpResponse<Void> response =
                                        client.send(request, HttpResponse.BodyHandlers.discarding());
                                if (response.statusCode() != 200) {
                                    failures.incrementAndGet();
                                }
                            } catch (Exception e) {
                                if (failures.getAndIncrement() == 0) {
                                    System.out.println("first failure: " + e);
                                }
                            }
                            mine[i++] = System.nanoTime() - t0;
                        }
                        counts[sender] = i;
                        done.countDown();
                    },
                    "sender-" + s);
            thread.start();
        }
        done.await();
        double seconds = (System.nanoTime() - start) / 1e9;
        long cpuNanos = OS.getProcessCpuTime() - cpuStart;
        long total = Arrays.stream(counts).sum();
        long[] all = new long[(int) total];
        int at = 0;
        for (int s = 0; s < senders; s++) {
            System.arraycopy(latencies.get(s), 0, all, at, counts[s]);
            at += counts[s];
        }
        Arrays.sort(all);
        return new Result(
                total,
                failures.get(),
                total / seconds,
                percentile(all, 0.50),
                percentile(all, 0.99),
                cpuNanos / 1e3 / Math.max(1, total));
    }

    private static double percentile(long[] sorted, double q) {
        return sorted.length == 0 ? Double.NaN : sorted[(int) Math.min(sorted.length - 1, q * sorted.length)] / 1e6;
    }
}
