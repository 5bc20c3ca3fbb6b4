package io.scaligator.engine.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.scaligator.common.config.ScaligatorConfig;
import io.scaligator.common.event.AlertDetails;
import io.scaligator.common.event.Decision;
import io.scaligator.common.event.Observation;
import io.scaligator.common.kafka.Topics;
import io.scaligator.common.ops.OpsServer;
import io.scaligator.common.serde.EventJson;
import io.scaligator.common.target.TargetRef;
import io.scaligator.engine.DecisionEngine;
import io.scaligator.engine.Fixtures;
import io.scaligator.engine.explain.ExplainApi;
import io.scaligator.engine.policy.Policies;
import io.scaligator.testkit.KafkaBrokerExtension;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The explain API of two engine instances of one application on the real broker (4 partitions): each target is
 * asked of both instances, so that one of them forwards to the owner, and the list merges both instances' targets.
 */
class ExplainApiIT {

    @RegisterExtension
    static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

    static final String TOKEN = "explain-it-token";
    static final Topics TOPICS = new Topics("explain.");
    static final int TARGETS = 8;

    @TempDir
    static Path dir;

    static final List<OpsServer> OPS = new ArrayList<>();
    static final List<DecisionEngine> ENGINES = new ArrayList<>();
    static final HttpClient HTTP = HttpClient.newHttpClient();
    /** The last decision of each target, read back from the decisions topic. */
    static final Map<String, Decision> LAST = new LinkedHashMap<>();

    @BeforeAll
    static void twoEnginesDecideForEveryTarget() {
        for (String instance : List.of("a", "b")) {
            ScaligatorConfig config = Fixtures.config(
                    """
                    watch_namespaces = ["default", "dev"]
                    scale_up_cpu_threshold = 0.8
                    scale_down_cpu_threshold = 0.3
                    [[alert_rules]]
                    name = "latency"
                    match = { alertname = "HighLatency" }
                    floor_replicas = 6
                    [kafka]
                    bootstrap_servers = "%s"
                    topic_prefix = "%s"
                    partitions = 4
                    [engine]
                    application_id = "explain-it"
                    state_dir = "%s"
                    ops_bind_address = "127.0.0.1"
                    api_token = "%s"
                    """.formatted(KAFKA.bootstrapServers(), TOPICS.prefix(), dir.resolve("state-" + instance), TOKEN));
            OpsServer ops = OpsServer.start("explain-it-" + instance, "127.0.0.1", 0);
            OPS.add(ops);
            ENGINES.add(DecisionEngine.start(config, Policies.from(config), ops));
        }
        await("both instances running").atMost(Duration.ofSeconds(120)).until(() -> ENGINES.stream()
                .allMatch(e -> e.state() == KafkaStreams.State.RUNNING));

        KafkaTestClient client = new KafkaTestClient(KAFKA.bootstrapServers());
        Instant t0 = Instant.now().truncatedTo(ChronoUnit.MINUTES).minus(Duration.ofHours(1));
        List<Observation> observations = new ArrayList<>();
        for (int i = 0; i < TARGETS; i++) {
            TargetRef target = target(i);
            double cpu = i % 2 == 0 ? 0.95 : 0.5;
            observations.add(new Observation(
                    "obs-" + i,
                    target,
                    t0.plusSeconds(i),
                    i + 1,
                    i + 1,
                    List.of(io.scaligator.common.event.MetricSample.present("cpu", cpu)),
                    null,
                    Map.of()));
        }
        client.produce(TOPICS.observations(), observations);
        client.produce(
                TOPICS.alerts(),
                List.of(Fixtures.alert(
                        "alert-1",
                        target(1),
                        t0.plusSeconds(60).toString(),
                        AlertDetails.AlertStatus.FIRING,
                        "fp-1",
                        t0.plusSeconds(50).toString(),
                        Map.of("alertname", "HighLatency"))));
        await("a decision for every input")
                .atMost(Duration.ofSeconds(120))
                .until(() -> client.readAll(TOPICS.decisions()).size() == TARGETS + 1);
        client.readAll(TOPICS.decisions()).stream()
                .map(r -> EventJson.read(r.value(), Decision.class))
                .forEach(d -> LAST.put(d.key(), d));
    }

    @AfterAll
    static void stop() {
        ENGINES.forEach(DecisionEngine::close);
        OPS.forEach(OpsServer::close);
    }

    static TargetRef target(int i) {
        return TargetRef.deployment(i < TARGETS / 2 ? "default" : "dev", "app-" + i);
    }

    @Test
    void everyTargetIsExplainedByBothInstancesWhicheverOwnsIt() throws Exception {
        Set<String> servedBy = new HashSet<>();
        for (int i = 0; i < TARGETS; i++) {
            TargetRef target = target(i);
            Decision last = LAST.get(target.key());
            for (OpsServer ops : OPS) {
                HttpResponse<String> response = getUntilServed(ops, "/v1/targets/" + target);
                assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
                servedBy.add(response.headers()
                        .firstValue(ExplainApi.SERVED_BY_HEADER)
                        .orElseThrow());
                JsonNode view = EventJson.mapper().readTree(response.body());
                assertThat(view.path("target").asText()).isEqualTo(target.key());
                assertThat(view.path("currentReplicas").asInt()).isEqualTo(i + 1);
                assertThat(view.path("lastDecision").path("id").asText()).isEqualTo(last.id());
                assertThat(view.path("lastDecision").path("reason").asText()).isEqualTo(last.reason());
                assertThat(view.path("lastDecision").path("result"))
                        .isEqualTo(EventJson.mapper().valueToTree(last.result()));
                assertThat(view.path("sources")).isEqualTo(EventJson.mapper().valueToTree(last.recommendations()));
                if (i == 1) {
                    assertThat(view.path("floors").get(0).path("rule").asText()).isEqualTo("latency");
                    assertThat(view.path("floors").get(0).path("alerts").asInt())
                            .isEqualTo(1);
                }
            }
        }
        assertThat(servedBy).as("both instances own targets").hasSize(2);
    }

    @Test
    void listThroughOneInstanceMergesBothInstancesTargetsPageByPage() throws Exception {
        JsonNode all = json(getUntilServed(OPS.get(0), "/v1/targets"));
        List<String> keys = new ArrayList<>();
        all.path("targets").forEach(t -> keys.add(t.path("target").asText()));
        assertThat(keys).hasSize(TARGETS).isSorted().containsAll(LAST.keySet());
        assertThat(all.path("next").isMissingNode()).isTrue();

        List<String> paged = new ArrayList<>();
        String after = null;
        do {
            JsonNode page =
                    json(getUntilServed(OPS.get(1), "/v1/targets?limit=3" + (after == null ? "" : "&after=" + after)));
            page.path("targets").forEach(t -> paged.add(t.path("target").asText()));
            after = page.path("next").isMissingNode() ? null : page.path("next").asText();
        } while (after != null);
        assertThat(paged).isEqualTo(keys);

        JsonNode dev = json(getUntilServed(OPS.get(1), "/v1/targets?namespace=dev"));
        assertThat(dev.path("targets")).hasSize(TARGETS / 2);
        dev.path("targets").forEach(t -> assertThat(t.path("target").asText()).startsWith("dev/"));
    }

    @Test
    void badRequestsAreAnsweredWithWhatIsWrong() throws Exception {
        HttpResponse<String> noToken = HTTP.send(
                HttpRequest.newBuilder(uri(OPS.get(0), "/v1/targets")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(noToken.statusCode()).isEqualTo(401);
        assertThat(noToken.body()).contains("missing Authorization header");

        HttpResponse<String> badKind = get(OPS.get(0), "/v1/targets/default/Pod/web");
        assertThat(badKind.statusCode()).isEqualTo(400);
        assertThat(badKind.body()).contains("kind 'Pod' is not supported");

        HttpResponse<String> badLimit = get(OPS.get(0), "/v1/targets?limit=9999");
        assertThat(badLimit.statusCode()).isEqualTo(400);
        assertThat(badLimit.body()).contains("parameter limit");

        for (OpsServer ops : OPS) {
            HttpResponse<String> unknown = getUntilServed(ops, "/v1/targets/default/Deployment/nothing-here");
            assertThat(unknown.statusCode()).isEqualTo(404);
            assertThat(unknown.body()).contains("default/Deployment/nothing-here is not known");
        }

        HttpResponse<String> post = HTTP.send(
                HttpRequest.newBuilder(uri(OPS.get(0), "/v1/targets"))
                        .header("Authorization", "Bearer " + TOKEN)
                        .POST(HttpRequest.BodyPublishers.ofString("{}"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(post.statusCode()).isEqualTo(405);
    }

    /** Asks until the answer is not a 503 (a rebalance may still be settling when the test starts). */
    static HttpResponse<String> getUntilServed(OpsServer ops, String path) {
        List<HttpResponse<String>> last = new ArrayList<>(1);
        await("an answer to " + path)
                .atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(500))
                .until(() -> {
                    last.clear();
                    last.add(get(ops, path));
                    return last.get(0).statusCode() != 503;
                });
        return last.get(0);
    }

    static HttpResponse<String> get(OpsServer ops, String path) throws Exception {
        return HTTP.send(
                HttpRequest.newBuilder(uri(ops, path))
                        .header("Authorization", "Bearer " + TOKEN)
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    static URI uri(OpsServer ops, String path) {
        return URI.create("http://127.0.0.1:" + ops.port() + path);
    }

    static JsonNode json(HttpResponse<String> response) throws Exception {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return EventJson.mapper().readTree(response.body());
    }
}
