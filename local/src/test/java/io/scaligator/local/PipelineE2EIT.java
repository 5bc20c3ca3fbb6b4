package io.scaligator.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.scaligator.common.event.Decision;
import io.scaligator.common.event.MetricSample;
import io.scaligator.common.event.Recommendation;
import io.scaligator.common.kafka.Topics;
import io.scaligator.common.target.TargetRef;
import io.scaligator.embedded.Loopback;
import io.scaligator.embedded.kube.KubeFixtures;
import io.scaligator.embedded.kube.Workload;
import io.scaligator.testkit.AlertmanagerLauncher;
import io.scaligator.testkit.MetricsExporter;
import io.scaligator.testkit.PrometheusLauncher;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole pipeline, nothing mocked but the Kubernetes API: real Prometheus scraping an exporter this test
 * controls, real Alertmanager routing to the receiver with a bearer token, the embedded broker and all four services
 * of the all-in-one runner against the simulated API. Each scenario checks the workload in the API and the full
 * decision -> command -> outcome chain in Kafka.
 */
// The downtime window opens a minute after the stack is up: its test runs last, the others while it waits.
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PipelineE2EIT {

    private static final String TOKEN = "e2e-token-0123456789";
    private static final String CPU = "scaligator_e2e_cpu_utilization";
    private static final String ALERT = "scaligator_e2e_alert";
    private static final String POD_ALERT = "scaligator_e2e_pod_alert";
    private static final TargetRef SHOP = TargetRef.deployment("default", "shop");
    private static final TargetRef WEB = TargetRef.deployment("default", "web");
    private static final TargetRef API = TargetRef.deployment("default", "api");
    private static final TargetRef DEV_WEB = TargetRef.deployment("dev", "web");
    private static final Duration STABILIZATION_DOWN = Duration.ofSeconds(5);
    private static final Duration PATIENCE = Duration.ofSeconds(90);
    private static final DateTimeFormatter ISO =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssXXX").withZone(ZoneOffset.UTC);

    @TempDir
    static Path dir;

    private static MetricsExporter exporter;
    private static AlertmanagerLauncher alertmanager;
    private static PrometheusLauncher prometheus;
    private static LocalStack stack;
    private static Instant downtimeStart;
    private static Instant downtimeEnd;
    private static Watch devWebReplicas;
    private static final List<Integer> devWebHistory = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void startEverything() throws IOException {
        PrometheusLauncher.requireBinary();
        AlertmanagerLauncher.requireBinary();
        exporter = MetricsExporter.start();
        exporter.set(CPU, Map.of("namespace", "default", "workload", "web"), 0.5);
        exporter.set(CPU, Map.of("namespace", "default", "workload", "api"), 0.1);
        exporter.set(ALERT, Map.of("namespace", "default", "deployment", "api"), 0);

        int receiverPort = Loopback.freePort();
        alertmanager = AlertmanagerLauncher.start(AlertmanagerLauncher.webhookConfig(
                "http://127.0.0.1:" + receiverPort + "/alerts",
                TOKEN,
                List.of("alertname", "namespace", "deployment")));
        prometheus = PrometheusLauncher.start(
                PrometheusLauncher.alertingConfig("e2e", exporter.target(), alertmanager.target()),
                Map.of("e2e.yml", """
                groups:
                  - name: e2e
                    interval: 1s
                    rules:
                      - alert: HighCPUUsage
                        expr: %s > 0
                        labels:
                          severity: critical
                      - alert: HighCPUUsage
                        expr: %s > 0
                        labels:
                          severity: critical
                """.formatted(ALERT, POD_ALERT)));

        // The dev downtime window is real time passing: it opens a while after the stack is up and closes again.
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        downtimeStart = now.plusSeconds(60);
        downtimeEnd = now.plusSeconds(75);
        Path config = dir.resolve("e2e.toml");
        Files.writeString(config, """
                prometheus_url = "%s"
                watch_namespaces = ["default", "dev"]
                scale_up_cpu_threshold = 0.7
                scale_down_cpu_threshold = 0.2
                reconcile_interval = 1
                max_replicas = 6

                [kafka]
                partitions = 2

                [receiver]
                port = %d
                ops_port = 0
                token = "%s"

                [poller]
                ops_port = 0

                [engine]
                ops_port = 0
                stabilization_down = "%ds"
                scale_up_period = "1s"
                scale_down_period = "1s"

                [actuator]
                ops_port = 0

                [[metric_rules]]
                name = "cpu"
                query = "max by (namespace, workload) (%s)"

                [[alert_rules]]
                name = "high-cpu"
                match = { alertname = "HighCPUUsage" }
                floor_add = 2

                [[time_rules]]
                name = "dev-window"
                namespaces = ["dev"]
                downtime = "%s-%s"
                """.formatted(
                        prometheus.url(),
                        receiverPort,
                        TOKEN,
                        STABILIZATION_DOWN.toSeconds(),
                        CPU,
                        ISO.format(downtimeStart),
                        ISO.format(downtimeEnd)));
        stack = LocalStack.start(
                new LocalOptions(config, true, dir.resolve("data"), Loopback.freePort()),
                Map.of(),
                new PrintStream(OutputStream.nullOutputStream()));
        // Every replica count dev/web goes through, whichever test happens to run while the window passes.
        devWebHistory.add(replicas(DEV_WEB));
        devWebReplicas = stack.kube()
                .apps()
                .deployments()
                .inNamespace(DEV_WEB.namespace())
                .withName(DEV_WEB.name())
                .watch(new Watcher<>() {
                    @Override
                    public void eventReceived(Action action, Deployment deployment) {
                        Integer replicas = deployment.getSpec().getReplicas();
                        if (devWebHistory.isEmpty()
                                || !devWebHistory.get(devWebHistory.size() - 1).equals(replicas)) {
                            devWebHistory.add(replicas);
                        }
                    }

                    @Override
                    public void onClose(WatcherException cause) {
                        // the stack is closing
                    }
                });
        assertThat(Instant.now())
                .as("the stack started before the dev downtime window opens")
                .isBefore(downtimeStart);
    }

    @AfterAll
    static void stopEverything() {
        for (AutoCloseable closeable :
                new AutoCloseable[] {devWebReplicas, stack, prometheus, alertmanager, exporter}) {
            if (closeable != null) {
                try {
                    closeable.close();
                } catch (Exception e) {
                    // keep closing the others
                }
            }
        }
    }

    @Test
    void aMetricAboveTheThresholdScalesUpAndBelowItScalesDownOnlyAfterTheStabilizationWindow() {
        exporter.set(CPU, Map.of("namespace", "default", "workload", "web"), 0.9);
        await().atMost(PATIENCE).until(() -> replicas(WEB) >= 4);
        exporter.set(CPU, Map.of("namespace", "default", "workload", "web"), 0.5);
        int peak = await().atMost(PATIENCE).until(() -> replicas(WEB), r -> r >= 4);
        exporter.set(CPU, Map.of("namespace", "default", "workload", "web"), 0.1);

        await().atMost(PATIENCE).until(() -> replicas(WEB) < peak);

        RecordedChain chain = chain();
        List<Decision> scales = chain.scales(WEB);
        Decision firstUp = scales.stream()
                .filter(d -> d.desiredReplicas() > d.currentReplicas())
                .findFirst()
                .orElseThrow();
        Decision firstDown = scales.stream()
                .filter(d -> d.desiredReplicas() < d.currentReplicas())
                .findFirst()
                .orElseThrow();
        assertThat(firstUp.rule()).isEqualTo("metric:cpu");
        assertThat(cpu(firstUp)).isGreaterThan(0.7);
        assertThat(cpu(firstDown)).isLessThan(0.2);
        // Before the scale-down, low-CPU evaluations were held by the window, for at least its length.
        List<Decision> heldLow = chain.of(WEB).stream()
                .filter(d -> d.result() == Decision.Result.HOLD && d.rule().equals("stabilization") && cpu(d) < 0.2)
                .filter(d -> d.decidedAt().isBefore(firstDown.decidedAt()))
                .toList();
        assertThat(heldLow).isNotEmpty();
        // As the HPA does: no evaluation within the window before the scale-down recommended more than it keeps.
        Decision lastAbove = chain.of(WEB).stream()
                .filter(d -> d.decidedAt().isBefore(firstDown.decidedAt()))
                .filter(d -> recommended(d) > firstDown.desiredReplicas())
                .max(Comparator.comparing(Decision::decidedAt))
                .orElseThrow();
        assertThat(Duration.between(lastAbove.decidedAt(), firstDown.decidedAt()))
                .isGreaterThanOrEqualTo(STABILIZATION_DOWN);
        scales.forEach(chain::assertLinked);
    }

    @Test
    void aFiringAlertRaisesTheFloorAndItsResolutionReleasesIt() {
        assertThat(replicas(API)).isEqualTo(1);
        exporter.set(ALERT, Map.of("namespace", "default", "deployment", "api"), 1);
        await().atMost(PATIENCE).until(() -> replicas(API) == 3);
        exporter.set(ALERT, Map.of("namespace", "default", "deployment", "api"), 0);

        await().atMost(PATIENCE).until(() -> replicas(API) == 1);

        RecordedChain chain = chain();
        List<Decision> scales = chain.scales(API);
        assertThat(scales.get(0).rule()).isEqualTo("alert:high-cpu");
        assertThat(scales.get(0).input().eventType()).isEqualTo("alert-signal");
        assertThat(scales.get(0).desiredReplicas()).isEqualTo(3);
        Decision down = scales.get(scales.size() - 1);
        assertThat(down.desiredReplicas()).isEqualTo(1);
        assertThat(down.recommendations()).noneMatch(r -> r.source().startsWith("alert:"));
        scales.forEach(chain::assertLinked);
    }

    @Test
    @Order(Integer.MAX_VALUE)
    void aDowntimeWindowScalesDevToZeroAndTheFollowingUptimeRestoresTheOriginalCount() {
        Duration untilAfterTheWindow =
                Duration.between(Instant.now(), downtimeEnd).plus(PATIENCE);

        await().atMost(untilAfterTheWindow).until(() -> devWebHistory.equals(List.of(2, 0, 2)));

        assertThat(replicas(DEV_WEB)).isEqualTo(2);
        RecordedChain chain = chain();
        List<Decision> scales = chain.scales(DEV_WEB);
        assertThat(scales).hasSize(2);
        assertThat(scales.get(0).desiredReplicas()).isZero();
        assertThat(scales.get(0).rule()).isEqualTo("time:dev-window");
        assertThat(scales.get(0).decidedAt()).isBetween(downtimeStart, downtimeEnd);
        assertThat(scales.get(1).desiredReplicas()).isEqualTo(2);
        assertThat(scales.get(1).decidedAt()).isAfterOrEqualTo(downtimeEnd);
        scales.forEach(chain::assertLinked);
    }

    @Test
    void tenAlertsOfOneRuleFromTenPodsRaiseTheDeploymentOnceAndTheirResolvesReleaseIt() {
        KubeFixtures fixtures = new KubeFixtures(stack.kube());
        Deployment shop = fixtures.deployment(Workload.of(SHOP.namespace(), SHOP.name(), 2));
        List<String> pods = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            pods.add(fixtures.deploymentPod(shop, "p" + i).getMetadata().getName());
        }
        fixtures.deploymentReady(shop);
        exporter.set(CPU, Map.of("namespace", "default", "workload", "shop"), 0.5);
        List<Integer> history = new CopyOnWriteArrayList<>(List.of(2));
        try (Watch watch = stack.kube()
                .apps()
                .deployments()
                .inNamespace(SHOP.namespace())
                .withName(SHOP.name())
                .watch(new ReplicaHistory(history))) {
            // The engine scales only what the poller has observed.
            await().atMost(PATIENCE).until(() -> !chain().of(SHOP).isEmpty());
            // One alert per pod, as a per-pod Prometheus rule fires them: one Alertmanager group, ten alerts.
            pods.forEach(pod -> exporter.set(POD_ALERT, Map.of("namespace", "default", "pod", pod), 1));
            await().atMost(PATIENCE).until(() -> floorAlerts(chain()) == 10);
            exporter.set(CPU, Map.of("namespace", "default", "workload", "shop"), 0.1);
            await().atMost(PATIENCE).until(() -> chain().of(SHOP).stream()
                    .anyMatch(d -> cpu(d) < 0.2 && d.rule().equals("alert:high-cpu")));
            assertThat(replicas(SHOP)).isEqualTo(4);

            // Nine pods recover; the tenth is deleted first and its alert resolves after it is gone.
            String gone = pods.get(9);
            stack.kube().pods().inNamespace(SHOP.namespace()).withName(gone).delete();
            pods.forEach(pod -> exporter.set(POD_ALERT, Map.of("namespace", "default", "pod", pod), 0));

            await().atMost(PATIENCE).until(() -> replicas(SHOP) < 4);
        }
        RecordedChain chain = chain();
        List<Decision> ups = chain.scales(SHOP).stream()
                .filter(d -> d.desiredReplicas() > d.currentReplicas())
                .toList();
        assertThat(ups)
                .as("exactly one scale-up, by the alert rule's floor")
                .singleElement()
                .satisfies(d -> {
                    assertThat(d.rule()).isEqualTo("alert:high-cpu");
                    assertThat(d.currentReplicas()).isEqualTo(2);
                    assertThat(d.desiredReplicas()).isEqualTo(4);
                });
        assertThat(history)
                .as("replicas of shop over the test: up once, to 4, then down")
                .startsWith(2, 4)
                .allSatisfy(r -> assertThat(r).isLessThanOrEqualTo(4));
        Decision released = chain.of(SHOP).stream()
                .filter(d -> d.reason().contains("so its floor is released"))
                .findFirst()
                .orElseThrow();
        Decision down = chain.scales(SHOP).stream()
                .filter(d -> d.desiredReplicas() < d.currentReplicas())
                .findFirst()
                .orElseThrow();
        assertThat(down.decidedAt()).isAfterOrEqualTo(released.decidedAt());
        assertThat(down.recommendations()).noneMatch(r -> r.source().startsWith("alert:"));
        chain.scales(SHOP).forEach(chain::assertLinked);
    }

    /** How many alerts the floor of shop holds in the latest decision that names it. */
    private static int floorAlerts(RecordedChain chain) {
        return chain.of(SHOP).stream()
                .flatMap(d -> d.recommendations().stream())
                .filter(r -> r.source().equals("alert:high-cpu") && r.reason().contains(" alerts: "))
                .map(r -> Integer.parseInt(r.reason().replaceAll(".*firing \\((\\d+) alerts: .*", "$1")))
                .reduce((first, second) -> second)
                .orElse(0);
    }

    /** Records every replica count a Deployment goes through. */
    private record ReplicaHistory(List<Integer> history) implements Watcher<Deployment> {
        @Override
        public void eventReceived(Action action, Deployment deployment) {
            Integer replicas = deployment.getSpec().getReplicas();
            if (!history.get(history.size() - 1).equals(replicas)) {
                history.add(replicas);
            }
        }

        @Override
        public void onClose(WatcherException cause) {
            // the test is over
        }
    }

    private static int replicas(TargetRef target) {
        Deployment deployment = stack.kube()
                .apps()
                .deployments()
                .inNamespace(target.namespace())
                .withName(target.name())
                .get();
        return deployment.getSpec().getReplicas();
    }

    private static RecordedChain chain() {
        return RecordedChain.read(
                stack.bootstrapServers(), new Topics(stack.config().kafka().topicPrefix()));
    }

    /** The highest count any source recommended in this evaluation (before stabilization and rate policies). */
    private static int recommended(Decision decision) {
        return decision.recommendations().stream()
                .map(Recommendation::replicas)
                .filter(Objects::nonNull)
                .mapToInt(Integer::intValue)
                .max()
                .orElse(decision.currentReplicas());
    }

    private static double cpu(Decision decision) {
        return decision.metrics().stream()
                .filter(m -> m.rule().equals("cpu") && m.hasValue())
                .mapToDouble(MetricSample::value)
                .findFirst()
                .orElse(Double.NaN);
    }
}
