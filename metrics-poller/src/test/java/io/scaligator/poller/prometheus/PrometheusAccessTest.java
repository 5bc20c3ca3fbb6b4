package io.scaligator.poller.prometheus;

import static io.scaligator.poller.StubPrometheus.series;
import static io.scaligator.poller.StubPrometheus.vector;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.scaligator.common.config.ConfigException;
import io.scaligator.common.config.ConfigLoader;
import io.scaligator.common.config.PollerSettings;
import io.scaligator.poller.StubPrometheus;
import io.scaligator.poller.prometheus.QueryResult.Failure;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Credentials, extra headers and answer bounds of the Prometheus client, from the {@code [poller]} keys. */
class PrometheusAccessTest {

    private static final Instant AT = Instant.parse("2026-01-05T10:15:30.250Z");

    private final StubPrometheus stub = StubPrometheus.start();

    @TempDir
    Path dir;

    @AfterEach
    void stop() {
        stub.close();
    }

    private static PollerSettings settings(Map<String, String> env) {
        Map<String, String> all = new HashMap<>(env);
        all.put("SCALIGATOR_RECEIVER_AUTH", "none");
        return ConfigLoader.load((Path) null, all).config().poller();
    }

    private QueryResult query(PollerSettings settings) {
        return HttpPrometheusClient.of(stub.url(), settings).query("up", AT).join();
    }

    @Test
    void aBearerTokenAndExtraHeadersAreSentWithEveryQuery() {
        query(settings(Map.of(
                "SCALIGATOR_POLLER_PROMETHEUS_BEARER_TOKEN",
                "s3cret",
                "SCALIGATOR_POLLER_PROMETHEUS_HEADERS",
                "X-Scope-OrgID: team-a")));

        assertThat(stub.headers()).singleElement().satisfies(h -> assertThat(h)
                .containsEntry("authorization", "Bearer s3cret")
                .containsEntry("x-scope-orgid", "team-a"));
    }

    @Test
    void basicAuthIsSentWithThePasswordFromItsFile() throws Exception {
        Path password = Files.writeString(dir.resolve("password"), "pa:ss\n");

        query(settings(Map.of(
                "SCALIGATOR_POLLER_PROMETHEUS_USERNAME",
                "poller",
                "SCALIGATOR_POLLER_PROMETHEUS_PASSWORD_FILE",
                password.toString())));

        assertThat(stub.headers().get(0))
                .containsEntry(
                        "authorization",
                        "Basic " + Base64.getEncoder().encodeToString("poller:pa:ss".getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void aRotatedTokenFileIsReadAgain() throws Exception {
        Path token = Files.writeString(dir.resolve("token"), "first");
        Files.setLastModifiedTime(token, FileTime.from(AT));
        HttpPrometheusClient client = HttpPrometheusClient.of(
                stub.url(), settings(Map.of("SCALIGATOR_POLLER_PROMETHEUS_BEARER_TOKEN_FILE", token.toString())));

        client.query("up", AT).join();
        Files.writeString(token, "second");
        Files.setLastModifiedTime(token, FileTime.from(AT.plusSeconds(60)));
        client.query("up", AT).join();

        assertThat(stub.headers())
                .extracting(h -> h.get("authorization"))
                .containsExactly("Bearer first", "Bearer second");
    }

    @Test
    void noCredentialMeansNoAuthorizationHeader() {
        query(settings(Map.of()));

        assertThat(stub.headers().get(0)).doesNotContainKey("authorization");
    }

    @Test
    void anAnswerLargerThanTheByteBoundIsTooLargeAndOneAtTheBoundIsRead() {
        String body = vector(series(Map.of("namespace", "a", "pod", "b"), "1"));
        stub.answer(200, body + " ".repeat(2048 - body.length()));
        PollerSettings exactly = settings(Map.of("SCALIGATOR_POLLER_PROMETHEUS_MAX_RESPONSE_BYTES", "2048"));
        PollerSettings below = settings(Map.of("SCALIGATOR_POLLER_PROMETHEUS_MAX_RESPONSE_BYTES", "2047"));

        assertThat(query(exactly)).isInstanceOf(QueryResult.Vector.class);
        assertThat(query(below))
                .isEqualTo(new Failure(
                        Failure.Kind.TOO_LARGE,
                        "prometheus answer (HTTP 200) is larger than poller.prometheus_max_response_bytes = 2047"));
    }

    @Test
    void moreSeriesThanTheSeriesBoundIsTooLarge() {
        stub.answer(
                200,
                vector(IntStream.range(0, 4)
                        .mapToObj(i -> series(Map.of("namespace", "a", "pod", "p" + i), "1"))
                        .collect(Collectors.joining(","))));

        assertThat(query(settings(Map.of("SCALIGATOR_POLLER_PROMETHEUS_MAX_SERIES", "4"))))
                .isInstanceOfSatisfying(
                        QueryResult.Vector.class, v -> assertThat(v.series()).hasSize(4));
        assertThat(query(settings(Map.of("SCALIGATOR_POLLER_PROMETHEUS_MAX_SERIES", "3"))))
                .isEqualTo(new Failure(
                        Failure.Kind.TOO_LARGE,
                        "prometheus answered more than 3 series (poller.prometheus_max_series)"));
    }

    @Test
    void credentialKeysThatContradictEachOtherAreConfigErrorsNamingThem() {
        assertThatThrownBy(() -> settings(Map.of(
                        "SCALIGATOR_POLLER_PROMETHEUS_BEARER_TOKEN",
                        "t",
                        "SCALIGATOR_POLLER_PROMETHEUS_USERNAME",
                        "u",
                        "SCALIGATOR_POLLER_PROMETHEUS_PASSWORD",
                        "p")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("choose bearer");
        assertThatThrownBy(() -> settings(Map.of("SCALIGATOR_POLLER_PROMETHEUS_USERNAME", "u")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("poller.prometheus_username and poller.prometheus_password");
        assertThatThrownBy(() -> settings(Map.of(
                        "SCALIGATOR_POLLER_PROMETHEUS_BEARER_TOKEN",
                        "t",
                        "SCALIGATOR_POLLER_PROMETHEUS_BEARER_TOKEN_FILE",
                        "/t")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("set one, not both");
    }

    @Test
    void headersMustBeNameValuePairsAndNeverCarryCredentialsOrProtocolHeaders() {
        assertThatThrownBy(() -> settings(Map.of("SCALIGATOR_POLLER_PROMETHEUS_HEADERS", "no colon here")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("poller.prometheus_headers");
        assertThatThrownBy(() -> settings(Map.of("SCALIGATOR_POLLER_PROMETHEUS_HEADERS", "Authorization: Bearer x")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("credentials have their own keys");
    }

    @Test
    void unusableFilesStopTheStartNamingTheKey() throws Exception {
        Path notPem = Files.writeString(dir.resolve("ca.pem"), "not a certificate");
        Path empty = Files.writeString(dir.resolve("token"), "  \n");

        assertThatThrownBy(() -> HttpPrometheusClient.of(
                        stub.url(), settings(Map.of("SCALIGATOR_POLLER_PROMETHEUS_CA_FILE", notPem.toString()))))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("poller.prometheus_ca_file");
        assertThatThrownBy(() -> HttpPrometheusClient.of(
                        stub.url(),
                        settings(Map.of("SCALIGATOR_POLLER_PROMETHEUS_BEARER_TOKEN_FILE", empty.toString()))))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("poller.prometheus_bearer_token_file")
                .hasMessageContaining("empty");
        assertThatThrownBy(() -> HttpPrometheusClient.of(
                        stub.url(),
                        settings(Map.of(
                                "SCALIGATOR_POLLER_PROMETHEUS_USERNAME",
                                "u",
                                "SCALIGATOR_POLLER_PROMETHEUS_PASSWORD_FILE",
                                dir.resolve("missing").toString()))))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("poller.prometheus_password_file");
    }
}
