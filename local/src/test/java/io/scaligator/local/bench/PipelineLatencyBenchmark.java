package io.scaligator.local.bench;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.scaligator.common.event.MetricSample;
import io.scaligator.common.event.Observation;
import io.scaligator.common.kafka.KafkaDefaults;
import io.scaligator.common.kafka.Topics;
import io.scaligator.common.serde.EventSerde;
import io.scaligator.embedded.kube.KubeFixtures;
import io.scaligator.embedded.kube.Workload;
import io.scaligator.local.LocalOptions;
import io.scaligator.local.LocalStack;
import io.scaligator.testkit.ClientTimings;
import io.scaligator.testkit.Latencies;
import io.scaligator.testkit.ThreadCpu;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Benchmark (not a test) of the whole all-in-one pipeline: Alertmanager webhook answered 2xx -> alerts topic ->
 * decision engine -> commands topic -> scale actuator -> the workload's spec.replicas changed, as seen by a watch
 * on the (simulated) Kubernetes API. Open-loop load at a fixed rate; every alert raises its target by one replica.
 * Same run, same broker: the floor of a bare produce (acks=all, idempotent) -> consume (read_committed) round trip
 * at the same rate. See docs/benchmarks.md for the command and the figures.
 *
 * <p>Arguments (all optional, in order): rate (alerts/s, 200), seconds (60), targets (600), engine commit interval
 * in ms (0 = the engine's default, engine.commit_interval), drain timeout in s (300), longest warm-up in seconds at
 * the same rate before the measured run (300; it ends earlier once the JIT compilers have settled).
 */
public final class PipelineLatencyBenchmark {

    private static final String NAMESPACE = "bench";
    private static final int WARMUP_ROUND_SECONDS = 10;
    /** The warm-up ends after a round in which the JIT compiler threads used less CPU than this, in cores. */
    private static final double JIT_SETTLED_CORES = 0.05;

    private PipelineLatencyBenchmark() {}

    public static void main(String[] args) throws Exception {
        double rate = args.length > 0 ? Double.parseDouble(args[0]) : 200;
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 60;
        Targets targets = new Targets(NAMESPACE, args.length > 2 ? Integer.parseInt(args[2]) : 600);
        int commitMs = args.length > 3 ? Integer.parseInt(args[3]) : 0;
        int drainSeconds = args.length > 4 ? Integer.parseInt(args[4]) : 300;
        int warmupSeconds = args.length > 5 ? Integer.parseInt(args[5]) : 300;
        int warmupCount = (int) Math.round(rate * warmupSeconds);
        int measuredCount = (int) Math.round(rate * seconds);
        int rules = AlertLoad.seqsFor(warmupCount + measuredCount, targets.count());
        int maxReplicas = Targets.INITIAL_REPLICAS + rules;

        Path dataDir = Files.createTempDirectory("scaligator-bench");
        Path config = BenchConfig.write(dataDir, targets, rules, commitMs);
        System.out.printf(
                Locale.ROOT,
                "Pipeline latency benchmark: %.0f alerts/s for %d s over %d Deployments "
                        + "(%d alert rules), engine commit interval %s; data in %s; %d CPUs%n",
                rate,
                seconds,
                targets.count(),
                rules,
                commitMs > 0 ? commitMs + " ms" : "the default (engine.commit_interval)",
                dataDir,
                Runtime.getRuntime().availableProcessors());
        ThreadCpu atStart = ThreadCpu.snapshot();
        try (PrintStream activity = new PrintStream(
                        new FileOutputStream(dataDir.resolve("activity.log").toFile()), false);
                LocalStack stack =
                        LocalStack.start(new LocalOptions(config, true, dataDir, freePort()), Map.of(), activity)) {
            KafkaDefaults kafka = new KafkaDefaults(stack.bootstrapServers(), Map.of());
            Topics topics = new Topics(stack.config().kafka().topicPrefix());
            System.out.printf(
                    Locale.ROOT,
                    "engine.commit_interval in effect: %d ms%s%n",
                    stack.config().engine().commitInterval().toMillis(),
                    commitMs > 0 ? " (set by the 4th argument)" : " (the product default)");
            KubeFixtures fixtures = new KubeFixtures(stack.kube());
            for (int i = 0; i < targets.count(); i++) {
                fixtures.deployment(Workload.of(NAMESPACE, targets.name(i), Targets.INITIAL_REPLICAS));
            }
            try (KubernetesClient watchClient = new KubernetesClientBuilder()
                            .withConfig(stack.kube().getConfiguration())
                            .build();
                    ReplicaWatch watch = new ReplicaWatch(watchClient, NAMESPACE, targets, maxReplicas);
                    StageRecorder stages = new StageRecorder(kafka, topics, targets, maxReplicas)) {
                List<String> observationIds = observeOnce(kafka, topics, targets);
                awaitOrFail("the engine's decisions on the first observations", 120, () -> observationIds.stream()
                        .allMatch(id -> stages.otherDecisionFor(id) != null));

                System.out.println("simulated API before the load: " + ApiProbe.measure(watchClient, targets));
                AlertLoad load = new AlertLoad(stack.receiverPort(), BenchConfig.TOKEN, targets);
                int warmedUp = warmUp(load, watch, rate, warmupCount, drainSeconds);

                System.out.printf(Locale.ROOT, "floor: bare Kafka round trip at %.0f/s for %d s ...%n", rate, seconds);
                KafkaFloor.Result floor = KafkaFloor.run(
                        kafka, "bench.floor", stack.config().kafka().partitions(), rate, seconds);

                System.out.printf(Locale.ROOT, "pipeline: %d alerts at %.0f/s ...%n", measuredCount, rate);
                ClientTimings clientsBefore = ClientTimings.snapshot();
                ThreadCpu cpuBefore = ThreadCpu.snapshot();
                GcPauses gc = GcPauses.start();
                AlertLoad.Batch run = load.send(warmedUp, measuredCount, rate);
                long drainStart = System.nanoTime();
                boolean drained = await(
                        drainSeconds,
                        () -> allReached(run, watch),
                        () -> System.out.printf(
                                Locale.ROOT,
                                "  draining: %d of %d alerts reached their replicas%n",
                                reached(run, watch),
                                run.alerts().length));
                System.out.printf(
                        Locale.ROOT,
                        "  %s %.1f s after the last webhook%n",
                        drained ? "all reached" : "drain timeout",
                        (System.nanoTime() - drainStart) / 1e9);
                ThreadCpu cpuAfter = ThreadCpu.snapshot();
                gc.close();
                TimeUnit.SECONDS.sleep(2); // let the last outcomes commit before they are read
                System.out.println("simulated API after the load:  " + ApiProbe.measure(watchClient, targets));
                report(run, floor, watch, stages, rate, seconds);
                System.out.println("transactional clients during the run (JMX; totals are differences):");
                ClientTimings.snapshot().since(clientsBefore).forEach(line -> System.out.println("  " + line));
                System.out.println("CPU by thread group from the first webhook to the last replica change:");
                cpuAfter.since(cpuBefore, 15).forEach(line -> System.out.println("  " + line));
                System.out.println("the busiest single threads:");
                cpuAfter.busiestThreads(cpuBefore, 8).forEach(line -> System.out.println("  " + line));
                System.out.println("garbage collections from the first webhook to the last replica change:");
                gc.summary().forEach(line -> System.out.println("  " + line));
                if (watch.closedBecause() != null) {
                    System.out.println("WARNING: the watch closed during the run: " + watch.closedBecause());
                }
            }
        }
        long cpu = ThreadCpu.snapshot().processSince(atStart);
        System.out.printf(
                Locale.ROOT,
                "JVM CPU time over the whole benchmark: %.1f s; load average now %.1f%n",
                cpu / 1e9,
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        // As LocalMain does: everything is closed, but a thread of the simulated API server (fabric8's mock, whose
        // websocket close handler can block its event loop) may outlive close() and keep the JVM alive.
        System.exit(0);
    }

    /**
     * Sends the warm-up load at the measured rate in rounds of {@link #WARMUP_ROUND_SECONDS} until the JIT compiler
     * threads used less than {@link #JIT_SETTLED_CORES} in a round, or {@code maxCount} alerts were sent; prints
     * each round (its latency is not the result). Returns how many alerts it sent.
     */
    private static int warmUp(AlertLoad load, ReplicaWatch watch, double rate, int maxCount, int drainSeconds)
            throws InterruptedException {
        System.out.printf(
                Locale.ROOT,
                "warm-up at %.0f/s in rounds of %d s until the JIT compilers use under %.2f "
                        + "cores, at most %d alerts (not the result):%n",
                rate,
                WARMUP_ROUND_SECONDS,
                JIT_SETTLED_CORES,
                maxCount);
        int roundCount = (int) Math.round(rate * WARMUP_ROUND_SECONDS);
        int sent = 0;
        while (sent < maxCount) {
            ThreadCpu before = ThreadCpu.snapshot();
            long start = System.nanoTime();
            AlertLoad.Batch round = load.send(sent, Math.min(roundCount, maxCount - sent), rate);
            awaitOrFail("the warm-up alerts to change replicas", drainSeconds, () -> allReached(round, watch));
            ThreadCpu after = ThreadCpu.snapshot();
            double seconds = (System.nanoTime() - start) / 1e9;
            double jitCores = after.jitSince(before) / 1e9 / seconds;
            sent += round.alerts().length;
            System.out.printf(
                    Locale.ROOT,
                    "  %6d alerts: %s; JIT %.2f cores, process %.2f cores%n",
                    sent,
                    reachedLatencies(round, watch).summary(),
                    jitCores,
                    after.processSince(before) / 1e9 / seconds);
            if (jitCores < JIT_SETTLED_CORES) {
                break;
            }
        }
        return sent;
    }

    /** What a poll cycle would publish for each target: 1 replica, the cpu rule missing (no Prometheus). */
    private static List<String> observeOnce(KafkaDefaults kafka, Topics topics, Targets targets) throws Exception {
        EventSerde<Observation> serde = EventSerde.of(Observation.class);
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        List<String> ids = new ArrayList<>();
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(kafka.producer("bench-observations"))) {
            for (int i = 0; i < targets.count(); i++) {
                Observation o = new Observation(
                        "obs-bench-" + i,
                        targets.ref(i),
                        now,
                        Targets.INITIAL_REPLICAS,
                        Targets.INITIAL_REPLICAS,
                        List.of(MetricSample.missing("cpu", "benchmark: no Prometheus")),
                        null,
                        Map.of());
                producer.send(new ProducerRecord<>(
                        topics.observations(), o.key(), serde.serialize(topics.observations(), o)));
                ids.add(o.id());
            }
            producer.flush();
        }
        return ids;
    }

    private static void report(
            AlertLoad.Batch run,
            KafkaFloor.Result floor,
            ReplicaWatch watch,
            StageRecorder stages,
            double rate,
            int seconds) {
        List<Long> total = new ArrayList<>();
        List<Long> webhook = new ArrayList<>();
        List<Long> engine = new ArrayList<>();
        List<Long> queued = new ArrayList<>();
        List<Long> apply = new ArrayList<>();
        Map<String, Integer> missing = new TreeMap<>();
        int accepted = 0;
        long firstTaken = Long.MAX_VALUE;
        long lastCompleted = Long.MIN_VALUE;
        int outcomes = 0;
        for (AlertLoad.Sent a : run.alerts()) {
            if (!a.accepted()) {
                missing.merge(
                        "webhook not answered 2xx: "
                                + (a.error == null ? "?" : a.error.split("\n")[0]),
                        1,
                        Integer::sum);
                continue;
            }
            accepted++;
            webhook.add(a.okNanos - a.sendNanos);
            long reached = watch.firstReached(a.target, a.wantedReplicas());
            if (reached < 0) {
                missing.merge(whyNot(a, stages), 1, Integer::sum);
                continue;
            }
            total.add(Math.max(0, reached - a.okNanos));
            long visible = stages.commandVisible(a.target, a.wantedReplicas());
            if (visible != ReplicaTimes.NONE) {
                engine.add(visible - a.okNanos);
                long taken = stages.outcomeTaken(a.target, a.wantedReplicas());
                if (taken != ReplicaTimes.NONE) {
                    queued.add(taken - visible);
                    apply.add(reached - taken);
                    firstTaken = Math.min(firstTaken, taken);
                    lastCompleted = Math.max(lastCompleted, stages.outcomeCompleted(a.target, a.wantedReplicas()));
                    outcomes++;
                }
            }
        }
        int never = run.alerts().length - total.size();
        System.out.println();
        System.out.printf(
                Locale.ROOT,
                "RESULT pipeline (webhook 2xx -> spec.replicas changed, seen by a watch), "
                        + "%.0f alerts/s target for %d s%n",
                rate,
                seconds);
        System.out.printf(
                Locale.ROOT,
                "  sent %d at an achieved %.1f/s (%d not sent: in-flight bound), %d answered " + "2xx%n",
                run.alerts().length,
                run.achievedRate(),
                run.notSent(),
                accepted);
        System.out.println("  latency  " + Latencies.of(toArray(total)).summary());
        System.out.printf(Locale.ROOT, "  never changed replicas within the drain timeout: %d%n", never);
        missing.forEach((why, n) -> System.out.printf(Locale.ROOT, "    %6d  %s%n", n, why));
        System.out.println("  stages (per alert that changed replicas):");
        System.out.println("    webhook request -> 2xx                    "
                + Latencies.of(toArray(webhook)).summary());
        System.out.println("    2xx -> command visible (read_committed)   "
                + Latencies.of(toArray(engine)).summary());
        System.out.println("    command visible -> actuator takes it      "
                + Latencies.of(toArray(queued)).summary());
        System.out.println("    actuator takes it -> replicas seen        "
                + Latencies.of(toArray(apply)).summary());
        if (outcomes > 1) {
            System.out.printf(
                    Locale.ROOT,
                    "  actuator: %d commands from the first taken to the last completed in "
                            + "%.1f s = %.1f commands/s%n",
                    outcomes,
                    (lastCompleted - firstTaken) / 1e9,
                    outcomes / ((lastCompleted - firstTaken) / 1e9));
        }
        System.out.printf(
                Locale.ROOT,
                "RESULT floor (bare produce acks=all idempotent -> consume read_committed), "
                        + "same broker, %.0f/s for %d s: achieved %.1f/s, lost %d%n",
                rate,
                seconds,
                floor.achievedRate(),
                floor.lost());
        System.out.println("  latency  " + floor.latencies().summary());
    }

    /** Where an accepted alert that never reached its replicas got stuck, from the records. */
    private static String whyNot(AlertLoad.Sent a, StageRecorder stages) {
        if (!stages.scaleDecidedFor(a.target, a.wantedReplicas())) {
            StageRecorder.SeenDecision decision = a.alertId == null ? null : stages.otherDecisionFor(a.alertId);
            return decision == null
                    ? "no decision seen (engine behind or not committed)"
                    : "decision " + decision.result() + " rule " + decision.rule();
        }
        if (stages.commandVisible(a.target, a.wantedReplicas()) == ReplicaTimes.NONE) {
            return "scale decision, command to " + a.wantedReplicas() + " not seen";
        }
        if (stages.outcomeTaken(a.target, a.wantedReplicas()) == ReplicaTimes.NONE) {
            return "command not yet applied (actuator behind)";
        }
        StageRecorder.SeenOutcome outcome = stages.notAppliedOutcome(a.target, a.wantedReplicas());
        return outcome == null
                ? "outcome applied, but the watch did not see the replicas"
                : "outcome " + outcome.status() + ": " + outcome.message();
    }

    private static Latencies reachedLatencies(AlertLoad.Batch batch, ReplicaWatch watch) {
        return Latencies.of(Arrays.stream(batch.alerts())
                .filter(AlertLoad.Sent::accepted)
                .mapToLong(a -> Math.max(0, watch.firstReached(a.target, a.wantedReplicas()) - a.okNanos))
                .toArray());
    }

    private static boolean allReached(AlertLoad.Batch batch, ReplicaWatch watch) {
        return reached(batch, watch) == countAccepted(batch);
    }

    private static int reached(AlertLoad.Batch batch, ReplicaWatch watch) {
        int n = 0;
        for (AlertLoad.Sent a : batch.alerts()) {
            if (a.accepted() && watch.firstReached(a.target, a.wantedReplicas()) >= 0) {
                n++;
            }
        }
        return n;
    }

    private static int countAccepted(AlertLoad.Batch batch) {
        int n = 0;
        for (AlertLoad.Sent a : batch.alerts()) {
            n += a.accepted() ? 1 : 0;
        }
        return n;
    }

    private static void awaitOrFail(String what, int seconds, BooleanSupplier done) throws InterruptedException {
        if (!await(seconds, done, () -> {})) {
            throw new IllegalStateException("gave up waiting " + seconds + " s for " + what);
        }
    }

    /** Polls {@code done} every 100 ms up to {@code seconds}; runs {@code progress} every 10 s. */
    private static boolean await(int seconds, BooleanSupplier done, Runnable progress) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        long nextProgress = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            if (System.nanoTime() > nextProgress) {
                progress.run();
                nextProgress += TimeUnit.SECONDS.toNanos(10);
            }
            TimeUnit.MILLISECONDS.sleep(100);
        }
        return true;
    }

    private static long[] toArray(List<Long> values) {
        return values.stream().mapToLong(Long::longValue).toArray();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
