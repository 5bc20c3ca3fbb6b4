package io.scaligator.poller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.scaligator.common.config.ConfigLoader;
import io.scaligator.common.config.ScaligatorConfig;
import io.scaligator.common.event.MetricSample;
import io.scaligator.common.event.Observation;
import io.scaligator.common.kafka.KafkaDefaults;
import io.scaligator.common.kafka.Topics;
import io.scaligator.common.serde.EventSerde;
import io.scaligator.common.service.ServiceContext;
import io.scaligator.common.target.TargetRef;
import io.scaligator.embedded.kube.KubeFixtures;
import io.scaligator.embedded.kube.MockKube;
import io.scaligator.embedded.kube.Workload;
import io.scaligator.testkit.KafkaBrokerExtension;
import io.scaligator.testkit.MetricsExporter;
import io.scaligator.testkit.PrometheusLauncher;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole poller against a real Prometheus scraping an exporter this test controls, the mock API holding 3
 * workloads in 2 namespaces (plus an excluded one) with their ReplicaSets and pods, and the real broker: the
 * observations read back carry exactly what Prometheus computes for the same evaluation time; the excluded
 * workload is observed without metrics, and a deleted one gets a deleted observation.
 */
class PollerIT {

    @RegisterExtension
    static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

    private static final TargetRef WEB = TargetRef.deployment("shop", "web");
    private static final TargetRef DB = TargetRef.statefulSet("shop", "db");
    private static final TargetRef API = TargetRef.deployment("dev", "api");
    private static final TargetRef BATCH = TargetRef.deployment("shop", "batch");
    private static final String CPU_QUERY =
            "sum by (namespace, pod) (app_cpu_usage) / sum by (namespace, pod) (app_cpu_request)";
    private static final String QUEUE_QUERY = "sum by (namespace, workload, workload_kind) (app_queue_depth)";
    private static final ObjectMapper JSON = new ObjectMapper();

    private static MockKube kube;
    private static ServiceContext context;
    private static MetricsExporter exporter;
    private static PrometheusLauncher prometheus;
    private static PollerService poller;
    /** Ground truth the test itself set up: which pod belongs to which workload. */
    private static final Map<String, TargetRef> POD_OWNERS = new HashMap<>();

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @BeforeAll
    static void start(@TempDir Path dir) throws Exception {
        PrometheusLauncher.requireBinary();
        kube = MockKube.start();
        KubeFixtures fixtures = kube.fixtures();
        Deployment web =
                fixtures.deployment(Workload.of("shop", "web", 2).withAnnotation("scaligator.io/min-replicas", "2"));
        fixtures.deploymentStatus("shop", "web", 2, 2);
        StatefulSet db = fixtures.statefulSet(Workload.of("shop", "db", 2));
        fixtures.statefulSetStatus("shop", "db", 2, 1);
        Deployment api = fixtures.deployment(Workload.of("dev", "api", 1));
        fixtures.hpa("dev", "api-hpa", "Deployment", "api", 1, 3);
        Deployment batch =
                fixtures.deployment(Workload.of("shop", "batch", 1).withAnnotation("scaligator.io/exclude", "true"));

        exporter = MetricsExporter.start();
        pod(fixtures.deploymentPod(web, "aaaaa"), WEB, 0.30, 0.7);
        pod(fixtures.deploymentPod(web, "bbbbb"), WEB, 0.55, 0.7);
        pod(fixtures.statefulSetPod(db, 0), DB, 1.2, 2.0);
        pod(fixtures.statefulSetPod(db, 1), DB, 0.1, 2.0);
        pod(fixtures.deploymentPod(api, "ccccc"), API, 0.05, 0.25);
        pod(fixtures.deploymentPod(batch, "ddddd"), BATCH, 0.9, 1.0);
        exporter.set("app_queue_depth", Map.of("namespace", "shop", "workload", "web"), 17);
        exporter.set(
                "app_queue_depth", Map.of("namespace", "shop", "workload", "db", "workload_kind", "StatefulSet"), 4);
        exporter.set("app_queue_depth", Map.of("namespace", "dev", "workload", "api"), 250);
        exporter.set("app_queue_depth", Map.of("namespace", "shop", "workload", "batch"), 9);

        prometheus = PrometheusLauncher.start("""
                global:
                  scrape_interval: 1s
                  evaluation_interval: 1s
                scrape_configs:
                  - job_name: app
                    static_configs:
                      - targets: ['%s']
                """.formatted(exporter.target()));
        // Wait until Prometheus has scraped every series, so the first cycles already see complete data.
        await().atMost(Duration.ofSeconds(30))
                .until(() -> direct(CPU_QUERY, null).size() == 6
                        && direct(QUEUE_QUERY, null).size() == 4);

        Path config = dir.resolve("config.toml");
        Files.writeString(config, """
                prometheus_url = "%s"
                watch_namespaces = "shop, dev"
                reconcile_interval = "1s"
                namespace = "scaligator"

                [kafka]
                bootstrap_servers = "%s"
                partitions = 3

                [receiver]
                auth = "none"

                [poller]
                ops_port = 0
                ops_bind_address = "127.0.0.1"
                prometheus_timeout = "5s"

                [[metric_rules]]
                name = "cpu"
                query = "%s"

                [[metric_rules]]
                name = "queue"
                query = "%s"
                kind = "value"
                mode = "proportional"
                target = 100
                """.formatted(prometheus.url(), KAFKA.bootstrapServers(), CPU_QUERY, QUEUE_QUERY));
        ScaligatorConfig loaded = ConfigLoader.load(config, Map.of()).config();
        context = ServiceContext.builder("metrics-poller", loaded)
                .share(KubernetesClient.class, kube.client())
                .build();
        poller = PollerService.start(context);
    }

    private static void pod(Pod pod, TargetRef owner, double usage, double request) {
        String name = pod.getMetadata().getName();
        POD_OWNERS.put(owner.namespace() + "/" + name, owner);
        Map<String, String> labels = Map.of("namespace", owner.namespace(), "pod", name);
        exporter.set("app_cpu_usage", labels, usage);
        exporter.set("app_cpu_request", labels, request);
    }

    @AfterAll
    static void stop() {
        if (poller != null) {
            poller.close();
        }
        if (context != null) {
            context.resources().close();
        }
        if (prometheus != null) {
            prometheus.close();
        }
        if (exporter != null) {
            exporter.close();
        }
        if (kube != null) {
            kube.close();
        }
    }

    @Test
    void observationsCarryExactlyWhatPrometheusComputesMappedToTheirTargets() throws Exception {
        Map<TargetRef, Observation> complete = readUntilEveryTargetHasACompleteObservation();

        for (Observation observation : complete.values()) {
            if (observation.target().equals(BATCH)) {
                continue; // excluded: observed, not measured (below)
            }
            // Ask Prometheus directly, at the cycle's own evaluation time, and attribute with the test's ground truth.
            Map<TargetRef, List<Double>> cpuByTarget = new HashMap<>();
            for (JsonNode series : direct(CPU_QUERY, observation.observedAt())) {
                TargetRef owner = POD_OWNERS.get(series.at("/metric/namespace").asText() + "/"
                        + series.at("/metric/pod").asText());
                cpuByTarget
                        .computeIfAbsent(owner, o -> new ArrayList<>())
                        .add(series.at("/value/1").asDouble());
            }
            Map<TargetRef, Double> queueByTarget = new HashMap<>();
            for (JsonNode series : direct(QUEUE_QUERY, observation.observedAt())) {
                String kind = series.at("/metric/workload_kind").asText("Deployment");
                queueByTarget.put(
                        TargetRef.parse(series.at("/metric/namespace").asText() + "/" + kind + "/"
                                + series.at("/metric/workload").asText()),
                        series.at("/value/1").asDouble());
            }
            List<Double> pods = cpuByTarget.get(observation.target());
            double expectedCpu = pods.stream().mapToDouble(Double::doubleValue).sum() / pods.size();

            assertThat(observation.metrics())
                    .as(observation.target().key())
                    .containsExactly(
                            MetricSample.present("cpu", expectedCpu),
                            MetricSample.present("queue", queueByTarget.get(observation.target())));
        }
        // And the numbers are the ones the exporter was given, divided and averaged: no mapping slipped.
        assertThat(complete.get(WEB).metrics().get(0).value())
                .isCloseTo((0.30 / 0.7 + 0.55 / 0.7) / 2, org.assertj.core.data.Offset.offset(1e-12));
        assertThat(complete.get(DB).metrics().get(1).value()).isEqualTo(4.0);
        assertThat(complete.get(API).metrics().get(1).value()).isEqualTo(250.0);
    }

    @Test
    void observationsCarryReplicasAnnotationsAndTheHpaAndTheExcludedWorkloadComesWithoutMetrics() throws Exception {
        Map<TargetRef, Observation> complete = readUntilEveryTargetHasACompleteObservation();

        assertThat(complete).containsOnlyKeys(WEB, DB, API, BATCH);
        assertThat(complete.get(BATCH).annotations()).isEqualTo(Map.of("scaligator.io/exclude", "true"));
        assertThat(complete.get(BATCH).metrics()).isEmpty();
        assertThat(complete.get(BATCH).deleted()).isFalse();
        assertThat(complete.get(WEB).specReplicas()).isEqualTo(2);
        assertThat(complete.get(WEB).annotations()).isEqualTo(Map.of("scaligator.io/min-replicas", "2"));
        assertThat(complete.get(DB).readyReplicas()).isEqualTo(1);
        assertThat(complete.get(API).otherAutoscaler()).isEqualTo("HorizontalPodAutoscaler dev/api-hpa");
        assertThat(complete.get(WEB).otherAutoscaler()).isNull();
    }

    @Test
    void opsEndpointsReportReadinessAndCycleMetrics() throws Exception {
        readUntilEveryTargetHasACompleteObservation();
        String base = "http://127.0.0.1:" + poller.opsPort();

        HttpResponse<String> ready = HTTP.send(
                HttpRequest.newBuilder(URI.create(base + "/readyz")).build(), HttpResponse.BodyHandlers.ofString());
        String metrics = HTTP.send(
                        HttpRequest.newBuilder(URI.create(base + "/metrics")).build(),
                        HttpResponse.BodyHandlers.ofString())
                .body();

        assertThat(ready.statusCode()).as(ready.body()).isEqualTo(200);
        assertThat(metrics)
                .contains("scaligator_poller_cycle_duration_seconds_bucket")
                .containsPattern("scaligator_poller_queries_total\\{.*result=\"ok\".*rule=\"cpu\"")
                .containsPattern("scaligator_poller_targets_observed\\{[^}]*\\} 4.0");
    }

    @Test
    void aWorkloadDeletedAfterItWasObservedGetsADeletedObservation() {
        kube.fixtures().deployment(Workload.of("shop", "short-lived", 1));
        TargetRef shortLived = TargetRef.deployment("shop", "short-lived");
        readUntil(seen -> seen.stream().anyMatch(o -> o.target().equals(shortLived)));

        kube.client()
                .apps()
                .deployments()
                .inNamespace("shop")
                .withName("short-lived")
                .delete();

        List<Observation> seen =
                readUntil(all -> all.stream().anyMatch(o -> o.target().equals(shortLived) && o.deleted()));
        List<Observation> ofShortLived =
                seen.stream().filter(o -> o.target().equals(shortLived)).toList();
        Observation gone =
                ofShortLived.stream().filter(Observation::deleted).findFirst().orElseThrow();
        assertThat(gone.metrics()).isEmpty();
        assertThat(gone.annotations()).isEmpty();
        // One deleted observation, after every observation of it while it existed.
        assertThat(ofShortLived.get(ofShortLived.size() - 1)).isEqualTo(gone);
        assertThat(ofShortLived).filteredOn(Observation::deleted).hasSize(1);
    }

    /**
     * Reads the observations topic from the start until each target has one observation with every value (the
     * excluded one: any observation, it has no metrics).
     */
    private static Map<TargetRef, Observation> readUntilEveryTargetHasACompleteObservation() {
        Map<TargetRef, Observation> complete = new HashMap<>();
        readUntil(seen -> {
            seen.stream()
                    .filter(o -> !o.deleted() && o.metrics().stream().allMatch(MetricSample::hasValue))
                    .forEach(o -> complete.putIfAbsent(o.target(), o));
            return complete.keySet().containsAll(List.of(WEB, DB, API, BATCH));
        });
        return complete;
    }

    /** Reads the observations topic from the start until {@code done} holds for all read so far; returns them. */
    private static List<Observation> readUntil(java.util.function.Predicate<List<Observation>> done) {
        KafkaDefaults defaults = new KafkaDefaults(KAFKA.bootstrapServers(), Map.of());
        String topic = new Topics("scaligator.").observations();
        EventSerde<Observation> serde = EventSerde.of(Observation.class);
        List<Observation> seen = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(defaults.groupLessConsumer("it-reader"))) {
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> consumer.partitionsFor(topic).size() == 3);
            consumer.assign(consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition()))
                    .toList());
            consumer.seekToBeginning(consumer.assignment());
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    Observation observation = serde.deserialize(topic, record.value());
                    assertThat(record.key()).isEqualTo(observation.target().key());
                    seen.add(observation);
                }
                return done.test(seen);
            });
        }
        return seen;
    }

    /** A query of Prometheus' own API, independent of the poller's client; null time = now. */
    private static List<JsonNode> direct(String promql, Instant time) throws Exception {
        String form = "query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8)
                + (time == null
                        ? ""
                        : "&time="
                                + java.math.BigDecimal.valueOf(time.toEpochMilli(), 3)
                                        .toPlainString());
        HttpResponse<String> response = HTTP.send(
                HttpRequest.newBuilder(URI.create(prometheus.url() + "/api/v1/query"))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString(form))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        JsonNode body = JSON.readTree(response.body());
        assertThat(body.path("status").asText()).as(response.body()).isEqualTo("success");
        List<JsonNode> series = new ArrayList<>();
        body.at("/data/result").forEach(series::add);
        return series;
    }
}
