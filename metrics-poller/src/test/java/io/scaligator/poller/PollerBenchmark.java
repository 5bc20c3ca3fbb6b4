package io.scaligator.poller;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.scaligator.common.config.MetricRule;
import io.scaligator.common.config.TopicRetention;
import io.scaligator.common.kafka.KafkaDefaults;
import io.scaligator.common.kafka.TopicAdmin;
import io.scaligator.common.kafka.Topics;
import io.scaligator.common.target.NamespaceScope;
import io.scaligator.embedded.kafka.KafkaBroker;
import io.scaligator.embedded.kube.MockKube;
import io.scaligator.poller.cycle.PollCycle;
import io.scaligator.poller.cycle.PollerMetrics;
import io.scaligator.poller.cycle.PrometheusHealth;
import io.scaligator.poller.kafka.KafkaObservationPublisher;
import io.scaligator.poller.kube.KubeCluster;
import io.scaligator.poller.prometheus.HttpPrometheusClient;
import java.lang.management.ManagementFactory;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;

/**
 * Not a test: N targets (half Deployments with a ReplicaSet and a pod, half StatefulSets with a pod, over 10
 * namespaces) in the fabric8 mock API, a Prometheus-compatible stub answering each rule with an N-series vector,
 * the real in-JVM broker, all in this JVM; the poller runs in a child JVM with its own -Xmx. Prints cycle times,
 * PromQL queries per cycle (counted at the stub) and the poller JVM's heap after GC, before the poller starts
 * (baseline) and with its caches loaded after the cycles. Run: see docs/metrics-poller.md.
 * Arguments: target count (default 10000), poller -Xmx (default 256m).
 */
public final class PollerBenchmark {

    private static final int NAMESPACES = 10;
    private static final int CYCLES = 10;
    private static final List<String> NAMESPACE_NAMES =
            IntStream.range(0, NAMESPACES).mapToObj(i -> "ns-" + i).toList();
    private static final String CPU = "sum by (namespace, pod) (cpu_usage) / sum by (namespace, pod) (cpu_request)";
    private static final String QUEUE = "sum by (namespace, workload, workload_kind) (queue_depth)";

    private PollerBenchmark() {}

    public static void main(String[] args) throws Exception {
        int targets = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        String pollerXmx = args.length > 1 ? args[1] : "256m";
        if (args.length > 2 && args[2].equals("poller")) {
            runPoller(args[3], args[4], args[5]);
            return;
        }
        Path dir = Files.createTempDirectory("poller-benchmark-");
        try (KafkaBroker broker = KafkaBroker.start(dir);
                MockKube kube = MockKube.start();
                StubPrometheus prometheus = StubPrometheus.start()) {
            long t0 = System.nanoTime();
            createWorkloads(kube.client(), NAMESPACE_NAMES, targets);
            System.out.printf(
                    "fixtures: %d targets (%d objects) created in the mock API in %.1f s%n",
                    targets, targets * 2 + targets / 2, (System.nanoTime() - t0) / 1e9);
            String cpuBody = cpuVector(NAMESPACE_NAMES, targets);
            String queueBody = queueVector(NAMESPACE_NAMES, targets);
            prometheus.answer(q -> new StubPrometheus.Answer(200, q.equals(CPU) ? cpuBody : queueBody));
            System.out.printf(
                    "stub vectors: cpu %d series (%.1f MB), queue %d series (%.1f MB)%n",
                    targets, cpuBody.length() / 1e6, targets, queueBody.length() / 1e6);
            KafkaDefaults kafka = new KafkaDefaults(broker.bootstrapServers(), Map.of());
            try (Admin admin = Admin.create(kafka.admin("bench-admin"))) {
                new TopicAdmin(admin, new Topics("scaligator."), TopicRetention.DEFAULT, Duration.ofSeconds(30))
                        .ensureAll(6, (short) 1);
            }
            // The poller runs in its own JVM with its own -Xmx, so its heap is measured without the broker,
            // the mock API and the stub, which live in this one.
            Process poller = new ProcessBuilder(
                            Path.of(System.getProperty("java.home"), "bin", "java")
                                    .toString(),
                            "-Xmx" + pollerXmx,
                            "-cp",
                            System.getProperty("java.class.path"),
                            PollerBenchmark.class.getName(),
                            Integer.toString(targets),
                            pollerXmx,
                            "poller",
                            kube.masterUrl(),
                            broker.bootstrapServers(),
                            prometheus.url())
                    .inheritIO()
                    .start();
            int exit = poller.waitFor();
            System.out.printf(
                    "PromQL queries per cycle, counted at the stub: %.1f (rules: 2; poller exit code %d)%n",
                    prometheus.queries() / (double) CYCLES, exit);
        }
    }

    /** The poller side, in a JVM of its own: informers, then CYCLES cycles against the stub and the broker. */
    private static void runPoller(String masterUrl, String bootstrap, String prometheusUrl) throws Exception {
        long baseline = heapAfterGc();
        System.out.printf(
                "[poller JVM] baseline heap after GC (classes loaded, nothing started): %.1f MiB%n",
                baseline / 1048576.0);
        Config config = new ConfigBuilder(Config.empty())
                .withMasterUrl(masterUrl)
                .withNamespace("default")
                .build();
        KafkaDefaults kafka = new KafkaDefaults(bootstrap, Map.of());
        long t0 = System.nanoTime();
        try (KubernetesClient client =
                        new KubernetesClientBuilder().withConfig(config).build();
                KubeCluster cluster = KubeCluster.start(
                        client, new NamespaceScope(NAMESPACE_NAMES, "scaligator", List.of()), List.of());
                KafkaObservationPublisher publisher = new KafkaObservationPublisher(
                        new KafkaProducer<>(kafka.producer("bench")),
                        new Topics("scaligator.").observations(),
                        Duration.ofSeconds(30))) {
            while (!cluster.syncStatus().ready()) {
                Thread.sleep(50); // a benchmark main, not a test: polling the sync flag is the simplest wait
            }
            System.out.printf(
                    "[poller JVM] informers: %d namespaces x 5 synced in %.1f s, %d targets%n",
                    NAMESPACES,
                    (System.nanoTime() - t0) / 1e9,
                    cluster.snapshot().targets().size());
            List<MetricRule> rules = List.of(
                    new MetricRule(
                            "cpu",
                            CPU,
                            MetricRule.MetricKind.UTILIZATION,
                            MetricRule.Mode.THRESHOLD,
                            null,
                            0.7,
                            0.2,
                            1),
                    new MetricRule(
                            "queue",
                            QUEUE,
                            MetricRule.MetricKind.VALUE,
                            MetricRule.Mode.PROPORTIONAL,
                            100.0,
                            null,
                            null,
                            1));
            PollCycle cycle = new PollCycle(
                    Clock.systemUTC(),
                    cluster,
                    new HttpPrometheusClient(HttpClient.newHttpClient(), prometheusUrl, Duration.ofSeconds(10)),
                    rules,
                    publisher,
                    new PollerMetrics(new SimpleMeterRegistry()),
                    new PrometheusHealth(),
                    () -> true,
                    Duration.ofMinutes(2));
            double[] seconds = new double[CYCLES];
            for (int i = 0; i < CYCLES; i++) {
                long start = System.nanoTime();
                PollCycle.Report report = cycle.run();
                seconds[i] = (System.nanoTime() - start) / 1e9;
                long missing = report.rules().stream()
                        .mapToLong(r -> r.missingByCategory().values().stream()
                                .mapToLong(Integer::longValue)
                                .sum())
                        .sum();
                System.out.printf(
                        "[poller JVM] cycle %2d: %.3f s, %d observations acked, %d missing values%n",
                        i + 1, seconds[i], report.targets(), missing);
            }
            double[] sorted = seconds.clone();
            Arrays.sort(sorted);
            System.out.printf(
                    "[poller JVM] cycle time: first %.3f s, median %.3f s, max after the first %.3f s%n",
                    seconds[0],
                    sorted[CYCLES / 2],
                    Arrays.stream(seconds, 1, CYCLES).max().orElseThrow());
            long loaded = heapAfterGc();
            System.out.printf(
                    "[poller JVM] heap after GC with caches loaded and %d cycles run: %.1f MiB "
                            + "(baseline %.1f MiB, so the poller's data: %.1f MiB); -Xmx %.0f MiB%n",
                    CYCLES,
                    loaded / 1048576.0,
                    baseline / 1048576.0,
                    (loaded - baseline) / 1048576.0,
                    Runtime.getRuntime().maxMemory() / 1048576.0);
        }
    }

    private static void createWorkloads(KubernetesClient client, List<String> namespaces, int targets)
            throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Future<?>> done = new ArrayList<>();
        for (int i = 0; i < targets; i++) {
            int n = i;
            done.add(pool.submit(() -> {
                String ns = namespaces.get(n % NAMESPACES);
                if (n % 2 == 0) {
                    Deployment d = client.resource(new DeploymentBuilder()
                                    .withNewMetadata()
                                    .withNamespace(ns)
                                    .withName("web-" + n)
                                    .endMetadata()
                                    .withNewSpec()
                                    .withReplicas(1)
                                    .endSpec()
                                    .build())
                            .create();
                    ReplicaSet rs = client.resource(new ReplicaSetBuilder()
                                    .withNewMetadata()
                                    .withNamespace(ns)
                                    .withName("web-" + n + "-5d4f8")
                                    .withOwnerReferences(owner(d))
                                    .endMetadata()
                                    .build())
                            .create();
                    client.resource(new PodBuilder()
                                    .withNewMetadata()
                                    .withNamespace(ns)
                                    .withName("web-" + n + "-5d4f8-x1z2q")
                                    .withOwnerReferences(owner(rs))
                                    .endMetadata()
                                    .build())
                            .create();
                } else {
                    StatefulSet s = client.resource(new StatefulSetBuilder()
                                    .withNewMetadata()
                                    .withNamespace(ns)
                                    .withName("db-" + n)
                                    .endMetadata()
                                    .withNewSpec()
                                    .withReplicas(1)
                                    .endSpec()
                                    .build())
                            .create();
                    client.resource(new PodBuilder()
                                    .withNewMetadata()
                                    .withNamespace(ns)
                                    .withName("db-" + n + "-0")
                                    .withOwnerReferences(owner(s))
                                    .endMetadata()
                                    .build())
                            .create();
                }
            }));
        }
        for (Future<?> f : done) {
            f.get();
        }
        pool.shutdown();
    }

    private static OwnerReference owner(HasMetadata owner) {
        return new OwnerReferenceBuilder()
                .withApiVersion(owner.getApiVersion())
                .withKind(owner.getKind())
                .withName(owner.getMetadata().getName())
                .withUid(owner.getMetadata().getUid())
                .withController(true)
                .build();
    }

    private static String cpuVector(List<String> namespaces, int targets) {
        StringBuilder series = new StringBuilder();
        for (int n = 0; n < targets; n++) {
            String pod = n % 2 == 0 ? "web-" + n + "-5d4f8-x1z2q" : "db-" + n + "-0";
            series.append(n == 0 ? "" : ",")
                    .append(StubPrometheus.series(
                            Map.of("namespace", namespaces.get(n % NAMESPACES), "pod", pod),
                            Double.toString((n % 100) / 100.0)));
        }
        return StubPrometheus.vector(series.toString());
    }

    private static String queueVector(List<String> namespaces, int targets) {
        StringBuilder series = new StringBuilder();
        for (int n = 0; n < targets; n++) {
            Map<String, String> labels = n % 2 == 0
                    ? Map.of("namespace", namespaces.get(n % NAMESPACES), "workload", "web-" + n)
                    : Map.of(
                            "namespace",
                            namespaces.get(n % NAMESPACES),
                            "workload",
                            "db-" + n,
                            "workload_kind",
                            "StatefulSet");
            series.append(n == 0 ? "" : ",").append(StubPrometheus.series(labels, Integer.toString(n)));
        }
        return StubPrometheus.vector(series.toString());
    }

    private static long heapAfterGc() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(200);
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
