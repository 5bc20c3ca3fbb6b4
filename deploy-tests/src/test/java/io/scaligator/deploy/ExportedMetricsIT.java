package io.scaligator.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.scaligator.actuator.ActuatorService;
import io.scaligator.common.config.ConfigLoader;
import io.scaligator.common.config.ScaligatorConfig;
import io.scaligator.common.service.ServiceContext;
import io.scaligator.common.service.ServiceFactory;
import io.scaligator.embedded.Loopback;
import io.scaligator.embedded.kafka.KafkaBroker;
import io.scaligator.embedded.kube.MockKube;
import io.scaligator.embedded.kube.Workload;
import io.scaligator.engine.DecisionEngine;
import io.scaligator.poller.PollerService;
import io.scaligator.receiver.ReceiverApp;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * Every metric the Grafana dashboard and Scaligator's own alert rules (deploy/observability) query is one the
 * services really export: the four services run, as their Mains start them, on a real broker and the mock API
 * server, do their work once (a poll cycle, an alert through receiver, engine and actuator, a refused request),
 * and their /metrics are scraped. A renamed meter breaks this test instead of a panel or a page.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ExportedMetricsIT {

    private static final String TOKEN = "exported-metrics-test-token";
    private static final String OBSERVABILITY = "deploy/observability/";
    /** Series Prometheus itself attaches to every scrape target, exported by no service. */
    private static final Set<String> SCRAPE_SERIES = Set.of("up");

    private final HttpClient http = HttpClient.newHttpClient();
    private final Map<String, Integer> opsPorts = new LinkedHashMap<>();
    private final List<AutoCloseable> started = new ArrayList<>();
    private Set<String> exported;

    @BeforeAll
    void runTheServicesOnce(@TempDir Path dir) throws Exception {
        KafkaBroker broker = track(KafkaBroker.start(dir.resolve("kafka")));
        MockKube kube = track(MockKube.start());
        kube.fixtures().deployment(Workload.of("default", "web", 2));
        kube.fixtures().deploymentStatus("default", "web", 2, 2);
        for (String service : List.of("receiver", "poller", "engine", "actuator")) {
            opsPorts.put(service, Loopback.freePort());
        }
        int receiverPort = Loopback.freePort();
        Map<String, String> env = new HashMap<>();
        env.put("SCALIGATOR_KAFKA_BOOTSTRAP_SERVERS", broker.bootstrapServers());
        env.put("SCALIGATOR_RECEIVER_TOKEN", TOKEN);
        env.put("SCALIGATOR_RECEIVER_PORT", String.valueOf(receiverPort));
        opsPorts.forEach((service, port) -> {
            env.put("SCALIGATOR_" + service.toUpperCase() + "_OPS_PORT", String.valueOf(port));
            env.put("SCALIGATOR_" + service.toUpperCase() + "_OPS_BIND_ADDRESS", Loopback.HOST);
        });
        Path toml = Files.writeString(dir.resolve("config.toml"), """
                prometheus_url = "http://127.0.0.1:1"
                watch_namespaces = ["default"]
                reconcile_interval = 2
                [kafka]
                replication_factor = 1
                partitions = 1
                [receiver]
                bind_address = "127.0.0.1"
                [engine]
                state_dir = "%s"
                [[alert_rules]]
                name = "high-cpu"
                match = { alertname = "HighCPUUsage" }
                floor_add = 2
                """.formatted(
                        dir.resolve("streams").toString().replace("\\", "/")));
        ScaligatorConfig config = ConfigLoader.load(toml, env).config();
        KubernetesClient client = track(new KubernetesClientBuilder()
                .withConfig(new ConfigBuilder()
                        .withMasterUrl(kube.masterUrl())
                        .withTrustCerts(true)
                        .build())
                .build());
        start("decision-engine", config, client, DecisionEngine::start);
        start("scale-actuator", config, client, ActuatorService::start);
        start("metrics-poller", config, client, PollerService::start);
        start("alert-receiver", config, client, ReceiverApp::start);

        // A refused request (no token) and the documented alert, which ends in an applied scale of default/web.
        assertThat(post(receiverPort, null).statusCode()).isEqualTo(401);
        HttpResponse<String> accepted = post(receiverPort, TOKEN);
        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(60))
                .until(() -> scrape("actuator").contains("scaligator_actuator_commands_total{")
                        && scrape("actuator").matches("(?s).*status=\"applied\"[^\\n]*} 1\\.0.*")
                        && scrape("poller").contains("scaligator_poller_cycles_total{"));
        exported = new TreeSet<>();
        for (String service : opsPorts.keySet()) {
            exported.addAll(names(scrape(service)));
        }
    }

    @AfterAll
    void stop() throws Exception {
        for (int i = started.size() - 1; i >= 0; i--) {
            started.get(i).close();
        }
    }

    @Test
    void everyDashboardQueryNamesOnlyExportedMetrics() {
        JsonNode dashboard = JsonMapper.builder().build().readTree(Repo.read(OBSERVABILITY + "grafana-dashboard.json"));
        List<String> expressions = new ArrayList<>();
        for (JsonNode panel : dashboard.path("panels")) {
            if (panel.path("type").asString().equals("row")) {
                continue;
            }
            assertThat(panel.path("targets"))
                    .as("panel %s has queries", panel.path("title"))
                    .isNotEmpty();
            panel.path("targets").forEach(t -> expressions.add(t.path("expr").asString()));
        }
        assertThat(expressions).hasSizeGreaterThanOrEqualTo(10);
        assertOnlyExported("grafana-dashboard.json", expressions);
    }

    @Test
    void everyAlertRuleNamesOnlyExportedMetrics() {
        List<String> expressions = new ArrayList<>();
        JsonNode rules = YAMLMapper.builder().build().readTree(Repo.read(OBSERVABILITY + "scaligator-rules.yml"));
        for (JsonNode group : rules.path("groups")) {
            group.path("rules").forEach(r -> expressions.add(r.path("expr").asString()));
        }
        assertThat(expressions).hasSizeGreaterThanOrEqualTo(5);
        assertOnlyExported("scaligator-rules.yml", expressions);
    }

    private void assertOnlyExported(String file, List<String> expressions) {
        for (String expr : expressions) {
            Set<String> names = PromQl.metricNames(expr);
            assertThat(names).as("%s: metrics in %s", file, expr).isNotEmpty();
            names.removeAll(SCRAPE_SERIES);
            assertThat(exported)
                    .as("%s: %s names a metric no service exports (exported: %s)", file, expr, exported)
                    .containsAll(names);
        }
    }

    /** The metric names of a Prometheus text exposition. */
    private static Set<String> names(String exposition) {
        Set<String> names = new TreeSet<>();
        for (String line : exposition.split("\n")) {
            if (!line.isBlank() && !line.startsWith("#")) {
                names.add(line.split("[{ ]", 2)[0]);
            }
        }
        return names;
    }

    private String scrape(String service) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + opsPorts.get(service) + "/metrics"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as("%s /metrics", service).isEqualTo(200);
        return response.body();
    }

    private HttpResponse<String> post(int port, String token) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/alerts"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofFile(Repo.path("config/demo-alert.json")));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Starts a service as its Main does, on the shared client; it and what it opened close with the test. */
    private void start(String name, ScaligatorConfig config, KubernetesClient client, ServiceFactory<?> factory) {
        ServiceContext context = ServiceContext.builder(name, config)
                .share(KubernetesClient.class, client)
                .exit(status -> {
                    throw new IllegalStateException(name + " asked to exit(" + status + ")");
                })
                .build();
        track(context.resources());
        track(factory.start(context));
    }

    private <T extends AutoCloseable> T track(T resource) {
        started.add(resource);
        return resource;
    }
}
