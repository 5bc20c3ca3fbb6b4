package io.scaligator.engine.explain;

import static org.assertj.core.api.Assertions.assertThat;

import io.scaligator.common.config.ScaligatorConfig;
import io.scaligator.common.config.Secret;
import io.scaligator.common.kafka.Topics;
import io.scaligator.common.ops.OpsServer;
import io.scaligator.engine.DecisionEngine;
import io.scaligator.engine.Fixtures;
import io.scaligator.engine.core.Policy;
import io.scaligator.engine.policy.Policies;
import io.scaligator.engine.topology.EngineTopology;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.state.HostInfo;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The checks the explain API makes before it reads any state: on or off, method, token, Streams running. */
class ExplainApiTest {

    @TempDir
    Path dir;

    OpsServer ops;
    KafkaStreams streams;
    final HttpClient http = HttpClient.newHttpClient();

    @AfterEach
    void close() {
        streams.close(Duration.ofSeconds(5));
        ops.close();
    }

    /** An API over a Kafka Streams instance that was created but never started (state CREATED). */
    void serve(Secret token) {
        ScaligatorConfig config = Fixtures.config("""
                watch_namespaces = ["default"]
                [kafka]
                bootstrap_servers = "127.0.0.1:1"
                [engine]
                state_dir = "%s"
                """.formatted(dir));
        Policy policy = Policies.from(config);
        Topics topics = new Topics(config.kafka().topicPrefix());
        streams = new KafkaStreams(
                EngineTopology.build(policy, topics, config.engine().checkpointInterval()),
                DecisionEngine.streamsProperties(config));
        ops = OpsServer.start("explain-test", "127.0.0.1", 0);
        ops.addRoute(
                ExplainApi.PATH,
                new ExplainApi(
                        streams,
                        policy,
                        topics.observations(),
                        token,
                        new HostInfo("127.0.0.1", ops.port()),
                        Clock.systemUTC()));
    }

    HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + ops.port() + path));
    }

    @Test
    void withoutATokenConfiguredTheApiIsOff() throws Exception {
        serve(null);

        HttpResponse<String> response =
                send(request("/v1/targets/default/Deployment/web").header("Authorization", "Bearer anything"));

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.body())
                .isEqualTo("{\"error\":\"the explain API is off: set engine.api_token to turn it on\"}");
    }

    @Test
    void aWrongOrMissingTokenIsRefusedWithAChallenge() throws Exception {
        serve(new Secret("right"));

        HttpResponse<String> missing = send(request("/v1/targets"));
        HttpResponse<String> wrong = send(request("/v1/targets").header("Authorization", "Bearer wrong"));
        HttpResponse<String> basic = send(request("/v1/targets").header("Authorization", "Basic cmlnaHQ="));

        assertThat(missing.statusCode()).isEqualTo(401);
        assertThat(missing.headers().firstValue("WWW-Authenticate")).hasValue("Bearer realm=\"scaligator\"");
        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(wrong.body()).contains("invalid credentials");
        assertThat(basic.statusCode()).isEqualTo(401);
        assertThat(basic.body()).contains("unsupported authorization scheme: use Bearer");
    }

    @Test
    void onlyReadingIsAllowed() throws Exception {
        serve(new Secret("right"));

        HttpResponse<String> delete = send(request("/v1/targets/default/Deployment/web")
                .header("Authorization", "Bearer right")
                .DELETE());

        assertThat(delete.statusCode()).isEqualTo(405);
        assertThat(delete.headers().firstValue("Allow")).hasValue("GET, HEAD");
    }

    @Test
    void whileKafkaStreamsIsNotRunningTheAnswerIs503WithRetryAfter() throws Exception {
        serve(new Secret("right"));

        HttpResponse<String> response =
                send(request("/v1/targets/default/Deployment/web").header("Authorization", "Bearer right"));

        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(response.headers().firstValue("Retry-After")).hasValue("5");
        assertThat(response.body()).contains("Kafka Streams is CREATED, not RUNNING");
    }
}
