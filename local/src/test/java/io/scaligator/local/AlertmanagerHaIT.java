package io.scaligator.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.scaligator.actuator.ActuatorService;
import io.scaligator.common.config.ConfigLoader;
import io.scaligator.common.config.ScaligatorConfig;
import io.scaligator.common.event.AlertDetails;
import io.scaligator.common.event.AlertSignal;
import io.scaligator.common.event.Decision;
import io.scaligator.common.event.ScaleCommand;
import io.scaligator.common.event.ScaligatorEvent;
import io.scaligator.common.kafka.KafkaDefaults;
import io.scaligator.common.kafka.QuickClosingAdmin;
import io.scaligator.common.kafka.TopicAdmin;
import io.scaligator.common.kafka.Topics;
import io.scaligator.common.serde.EventJson;
import io.scaligator.common.service.ServiceContext;
import io.scaligator.common.service.ServiceFactory;
import io.scaligator.common.target.TargetRef;
import io.scaligator.embedded.Loopback;
import io.scaligator.embedded.kube.KubeFixtures;
import io.scaligator.embedded.kube.SimulatedCluster;
import io.scaligator.embedded.kube.Workload;
import io.scaligator.engine.DecisionEngine;
import io.scaligator.engine.explain.TargetView;
import io.scaligator.poller.PollerService;
import io.scaligator.receiver.ReceiverApp;
import io.scaligator.testkit.AlertmanagerLauncher;
import io.scaligator.testkit.CommittedRecords;
import io.scaligator.testkit.KafkaBrokerExtension;
import io.scaligator.testkit.MetricsExporter;
import io.scaligator.testkit.PrometheusLauncher;
import io.scaligator.testkit.RoundRobinForwarder;
import io.scaligator.testkit.Started;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Alertmanager HA in front of a scaled-out receiver: one real Prometheus fires one alert per pod of a Deployment and
 * sends them to two real Alertmanagers, each of which notifies the same group (and repeats it) to one address, a
 * Service stand-in that alternates connections between two alert-receiver instances. Every copy reaches Kafka, and
 * the engine still sets one floor with one alert per pod and commands one scale-up; the pods recover one after the
 * other, the floor is released once, by the last resolution, and the only other command is the metric's way back
 * down.
 *
 * <p>The two Alertmanagers run unclustered, the worst case for duplicates: a cluster's notification log drops most
 * of the second copy (best effort, so not all of it), unclustered peers send every notification twice.
 */
class AlertmanagerHaIT {

    @RegisterExtension
    static final KafkaBrokerExtension kafka = new KafkaBrokerExtension();

    private static final String TOKEN = "amha-webhook-token-0123456789";
    private static final String API_TOKEN = "amha-explain-token-0123456789";
    private static final String POD_ALERT = "scaligator_amha_pod_overloaded";
    private static final String RPS = "scaligator_amha_requests_per_second";
    private static final String RULE = "pod-overload";
    private static final TargetRef CHECKOUT = TargetRef.deployment("default", "checkout");
    private static final List<String> PODS = List.of("p0", "p1");
    private static final Topics TOPICS = new Topics("scaligator.");
    private static final Duration PATIENCE = Duration.ofSeconds(90);
    /** Each check reads whole topics: often enough, without taking the CPU the services run on. */
    private static final Duration POLL = Duration.ofMillis(500);

    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @TempDir
    static Path dir;

    private static final Started started = new Started();
    private static final List<Integer> replicaHistory = new CopyOnWriteArrayList<>();
    private static MetricsExporter exporter;
    private static List<AlertmanagerLauncher> alertmanagers;
    private static List<ReceiverApp> receivers;
    private static KubernetesClient kube;
    private static List<String> podNames;
    private static int enginePort;

    @BeforeAll
    static void startEverything() throws IOException {
        PrometheusLauncher.requireBinary();
        AlertmanagerLauncher.requireBinary();
        exporter = track(MetricsExporter.start());
        // 20 requests/s at 10 per replica: the metric rule keeps checkout at 2 replicas.
        exporter.set(RPS, Map.of("namespace", "default", "workload", "checkout"), 20);

        // Two receiver pods behind one Service: the Alertmanagers know only the Service's address.
        List<Integer> receiverPorts = List.of(Loopback.freePort(), Loopback.freePort());
        RoundRobinForwarder service = track(RoundRobinForwarder.start(receiverPorts));
        String webhook = AlertmanagerLauncher.webhookConfig(
                service.url() + "/alerts", TOKEN, List.of("alertname", "namespace"), "2s");
        alertmanagers = List.of(track(AlertmanagerLauncher.start(webhook)), track(AlertmanagerLauncher.start(webhook)));
        PrometheusLauncher prometheus = track(PrometheusLauncher.start(
                PrometheusLauncher.alertingConfig(
                        "amha",
                        exporter.target(),
                        alertmanagers.stream().map(AlertmanagerLauncher::target).toList()),
                Map.of("amha.yml", """
                        groups:
                          - name: amha
                            interval: 1s
                            rules:
                              - alert: PodOverloaded
                                expr: %s > 0
                        """.formatted(POD_ALERT))));

        enginePort = Loopback.freePort();
        Path config = dir.resolve("amha.toml");
        Files.writeString(config, """
                prometheus_url = "%s"
                watch_namespaces = ["default"]
                reconcile_interval = 1

                [kafka]
                bootstrap_servers = "%s"
                partitions = 1

                [receiver]
                bind_address = "127.0.0.1"
                ops_port = 0
                token = "%s"

                [poller]
                ops_port = 0
                ops_bind_address = "127.0.0.1"

                [engine]
                ops_port = %d
                ops_bind_address = "127.0.0.1"
                state_dir = "%s"
                api_token = "%s"
                stabilization_down = "2s"
                scale_down_period = "1s"

                [actuator]
                ops_port = 0
                ops_bind_address = "127.0.0.1"

                [[metric_rules]]
                name = "rps"
                query = "sum by (namespace, workload) (%s)"
                kind = "value"
                mode = "proportional"
                target_type = "average_value"
                target = 10

                [[alert_rules]]
                name = "%s"
                match = { alertname = "PodOverloaded" }
                floor_add = 2
                """.formatted(
                        prometheus.url(),
                        kafka.bootstrapServers(),
                        TOKEN,
                        enginePort,
                        dir.resolve("streams"),
                        API_TOKEN,
                        RPS,
                        RULE));
        ScaligatorConfig shared = ConfigLoader.load(config, Map.of()).config();
        try (Admin admin =
                QuickClosingAdmin.open(new KafkaDefaults(kafka.bootstrapServers(), Map.of()), "amha-test-admin")) {
            new TopicAdmin(admin, TOPICS, shared.kafka().retention(), Duration.ofSeconds(30)).ensureAll(1, (short) 1);
        }

        SimulatedCluster cluster = track(SimulatedCluster.start());
        kube = cluster.client();
        KubeFixtures fixtures = new KubeFixtures(kube);
        Deployment checkout = fixtures.deployment(Workload.of(CHECKOUT.namespace(), CHECKOUT.name(), 2));
        podNames = PODS.stream()
                .map(pod -> fixtures.deploymentPod(checkout, pod).getMetadata().getName())
                .toList();
        fixtures.deploymentReady(checkout);
        replicaHistory.add(2);
        track(kube.apps()
                .deployments()
                .inNamespace(CHECKOUT.namespace())
                .withName(CHECKOUT.name())
                .watch(new ReplicaHistory()));

        start("decision-engine", shared, DecisionEngine::start);
        start("scale-actuator", shared, ActuatorService::start);
        start("metrics-poller", shared, PollerService::start);
        // The same configuration in both receivers; only the port differs, as two pods' addresses would.
        receivers = receiverPorts.stream()
                .map(port -> start(
                        "alert-receiver-" + port,
                        ConfigLoader.load(config, Map.of(), Map.of(), Map.of("receiver.port", port))
                                .config(),
                        ReceiverApp::start))
                .toList();
    }

    @AfterAll
    static void stopEverything() {
        started.closeAll();
    }

    @Test
    void twoAlertmanagersSendingTheSameGroupToTwoReceiversGiveOneFloorAndOneCommand() throws Exception {
        // The engine scales only what the poller has observed.
        await().atMost(PATIENCE).pollInterval(POLL).until(() -> {
            TargetView view = explain();
            return view != null && Integer.valueOf(2).equals(view.currentReplicas());
        });

        podNames.forEach(pod -> exporter.set(POD_ALERT, Map.of("namespace", "default", "pod", pod), 1));

        await().atMost(PATIENCE).pollInterval(POLL).until(() -> replicas() == 4);
        // Every Alertmanager notified the group and repeated it, over both receivers, and the engine read it all.
        await().atMost(PATIENCE).pollInterval(POLL).untilAsserted(() -> {
            for (AlertmanagerLauncher alertmanager : alertmanagers) {
                assertThat(counter(alertmanager.url(), "alertmanager_notifications_total", "integration", "webhook"))
                        .as("notifications from the Alertmanager at %s", alertmanager.url())
                        .isGreaterThanOrEqualTo(3);
            }
            assertEngineReadEveryAlert();
        });
        for (ReceiverApp receiver : receivers) {
            assertThat(counter(
                            "http://" + Loopback.HOST + ":" + receiver.opsPort(),
                            "scaligator_receiver_requests_total",
                            "endpoint",
                            "alerts",
                            "status",
                            "200"))
                    .as("webhooks the receiver on port %d accepted", receiver.port())
                    .isPositive();
            assertThat(counter(
                            "http://" + Loopback.HOST + ":" + receiver.opsPort(),
                            "scaligator_receiver_signals_total",
                            "kind",
                            "alert",
                            "status",
                            "firing"))
                    .as("firing alerts of the group the receiver on port %d recorded", receiver.port())
                    .isGreaterThanOrEqualTo(2);
        }
        Map<String, Long> firing = copiesById(AlertDetails.AlertStatus.FIRING);
        assertThat(firing)
                .as("the two pods' firing alerts, each recorded once per notification of each Alertmanager")
                .hasSize(2)
                .allSatisfy((id, copies) -> assertThat(copies).isGreaterThanOrEqualTo(4));
        assertThat(explain().floors()).singleElement().satisfies(floor -> {
            assertThat(floor.rule()).isEqualTo(RULE);
            assertThat(floor.alerts()).as("one alert per pod, not per copy").isEqualTo(2);
            assertThat(floor.replicasAtFiring()).isEqualTo(2);
            assertThat(floor.replicas()).isEqualTo(4);
        });
        assertThat(commands())
                .as("one scale command for the floor")
                .singleElement()
                .satisfies(command -> {
                    assertThat(command.rule()).isEqualTo("alert:" + RULE);
                    assertThat(command.fromReplicas()).isEqualTo(2);
                    assertThat(command.toReplicas()).isEqualTo(4);
                });
        assertThat(decisions().stream().filter(d -> d.rule().equals("duplicate")))
                .as("the copies reached the engine and were recognised")
                .isNotEmpty();
        assertThat(replicas()).isEqualTo(4);

        // One pod recovers first: its resolution from one Alertmanager may meet the other's late firing repeat.
        exporter.set(POD_ALERT, Map.of("namespace", "default", "pod", podNames.get(0)), 0);

        await().atMost(PATIENCE).pollInterval(POLL).untilAsserted(() -> {
            assertThat(copiesById(AlertDetails.AlertStatus.RESOLVED))
                    .as("the first pod's resolution, from each Alertmanager")
                    .hasSize(1)
                    .allSatisfy((id, copies) -> assertThat(copies).isGreaterThanOrEqualTo(2));
            assertEngineReadEveryAlert();
        });
        assertThat(explain().floors()).singleElement().satisfies(floor -> {
            assertThat(floor.alerts()).as("the second pod's alert still fires").isEqualTo(1);
            assertThat(floor.replicas()).isEqualTo(4);
        });

        exporter.set(POD_ALERT, Map.of("namespace", "default", "pod", podNames.get(1)), 0);

        await().atMost(PATIENCE).pollInterval(POLL).until(() -> replicas() == 2);
        await().atMost(PATIENCE).pollInterval(POLL).untilAsserted(() -> {
            assertThat(copiesById(AlertDetails.AlertStatus.RESOLVED))
                    .as("both pods' resolutions, from each Alertmanager")
                    .hasSize(2)
                    .allSatisfy((id, copies) -> assertThat(copies).isGreaterThanOrEqualTo(2));
            assertEngineReadEveryAlert();
        });
        assertThat(explain().floors()).isEmpty();
        List<Decision> decisions = decisions();
        assertThat(decisions.stream().filter(d -> d.reason().contains("rule " + RULE + " sets a floor")))
                .hasSize(1);
        assertThat(decisions.stream().filter(d -> d.reason().contains("so its floor is released")))
                .hasSize(1);
        assertThat(commands())
                .as("the floor's scale-up and the metric's way back down, nothing else")
                .extracting(c -> c.fromReplicas() + "->" + c.toReplicas() + " " + c.rule())
                .containsExactly("2->4 alert:" + RULE, "4->2 metric:rps");
        assertThat(replicaHistory).containsExactly(2, 4, 2);
    }

    /** Every alert record of checkout has a decision that names it as its input. */
    private static void assertEngineReadEveryAlert() {
        Set<Long> decided = decisions().stream()
                .filter(d -> d.input().topic().equals(TOPICS.alerts()))
                .map(d -> d.input().offset())
                .collect(Collectors.toSet());
        List<Long> alerts = CommittedRecords.readAll(kafka.bootstrapServers(), TOPICS.alerts(), PATIENCE).stream()
                .filter(r -> CHECKOUT.key().equals(r.key()))
                .map(ConsumerRecord::offset)
                .toList();
        assertThat(alerts).isNotEmpty();
        assertThat(decided).as("offsets of alerts the engine decided on").containsAll(alerts);
    }

    /** How many records of checkout's alerts topic carry each alert id of this status. */
    private static Map<String, Long> copiesById(AlertDetails.AlertStatus status) {
        return read(TOPICS.alerts(), AlertSignal.class).stream()
                .filter(s -> CHECKOUT.equals(s.target()) && s.alert().status() == status)
                .collect(Collectors.groupingBy(AlertSignal::id, Collectors.counting()));
    }

    private static List<Decision> decisions() {
        return read(TOPICS.decisions(), Decision.class).stream()
                .filter(d -> d.target().equals(CHECKOUT))
                .toList();
    }

    /** Checkout's commands as committed (read_committed), in order: a command written twice would show twice. */
    private static List<ScaleCommand> commands() {
        return read(TOPICS.commands(), ScaleCommand.class).stream()
                .filter(c -> c.target().equals(CHECKOUT))
                .toList();
    }

    private static <T extends ScaligatorEvent> List<T> read(String topic, Class<T> type) {
        return CommittedRecords.readAll(kafka.bootstrapServers(), topic, PATIENCE).stream()
                .map(r -> EventJson.read(r.value(), type))
                .toList();
    }

    /** Checkout as the engine's explain API shows it, or null while the engine does not know it yet. */
    private static TargetView explain() throws IOException, InterruptedException {
        HttpResponse<String> response = HTTP.send(
                HttpRequest.newBuilder(URI.create(
                                "http://" + Loopback.HOST + ":" + enginePort + "/v1/targets/" + CHECKOUT.key()))
                        .timeout(Duration.ofSeconds(5))
                        .header("Authorization", "Bearer " + API_TOKEN)
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            return null;
        }
        return EventJson.mapper().readValue(response.body(), TargetView.class);
    }

    /** The sum of a counter's series in a server's /metrics whose labels include the given name-value pairs. */
    private static double counter(String baseUrl, String name, String... labelPairs)
            throws IOException, InterruptedException {
        String metrics = HTTP.send(
                        HttpRequest.newBuilder(URI.create(baseUrl + "/metrics"))
                                .timeout(Duration.ofSeconds(5))
                                .build(),
                        HttpResponse.BodyHandlers.ofString())
                .body();
        List<String> wanted = new ArrayList<>();
        for (int i = 0; i < labelPairs.length; i += 2) {
            wanted.add(labelPairs[i] + "=\"" + labelPairs[i + 1] + "\"");
        }
        return metrics.lines()
                .filter(line -> line.startsWith(name + "{"))
                .filter(line -> wanted.stream().allMatch(line::contains))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .sum();
    }

    private static int replicas() {
        return kube.apps()
                .deployments()
                .inNamespace(CHECKOUT.namespace())
                .withName(CHECKOUT.name())
                .get()
                .getSpec()
                .getReplicas();
    }

    /** Starts a service as the all-in-one does, on the shared simulated cluster. */
    private static <S extends AutoCloseable> S start(String name, ScaligatorConfig config, ServiceFactory<S> factory) {
        ServiceContext context = ServiceContext.builder(name, config)
                .share(KubernetesClient.class, kube)
                .exit(code -> {
                    throw new AssertionError(name + " asked to exit with " + code);
                })
                .build();
        track(context.resources());
        return track(factory.start(context));
    }

    private static <T extends AutoCloseable> T track(T resource) {
        return started.track(resource);
    }

    /** Records every replica count checkout goes through. */
    private static final class ReplicaHistory implements Watcher<Deployment> {
        @Override
        public void eventReceived(Action action, Deployment deployment) {
            Integer replicas = deployment.getSpec().getReplicas();
            if (!replicaHistory.get(replicaHistory.size() - 1).equals(replicas)) {
                replicaHistory.add(replicas);
            }
        }

        @Override
        public void onClose(WatcherException cause) {
            // the test is over
        }
    }
}
