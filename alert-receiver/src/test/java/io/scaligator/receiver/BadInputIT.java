package io.scaligator.receiver;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.scaligator.common.serde.EventJson;
import io.scaligator.receiver.core.PodOwnerResolver;
import io.scaligator.testkit.KafkaBrokerExtension;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every kind of bad request gets its 4xx with a JSON error naming the problem (and the field), never a 5xx or a
 * stack trace; the few odd-but-valid requests in the table are accepted; nothing refused reaches Kafka.
 */
class BadInputIT {

    @RegisterExtension
    static KafkaBrokerExtension kafka = new KafkaBrokerExtension();

    private static final String FIRING = new String(Payloads.captured(Payloads.FIRING), StandardCharsets.UTF_8);
    private static final String BEARER = "Bearer " + ReceiverHarness.TOKEN;
    private static final String JSON = "application/json";
    private static final String VALID_TRIGGER = "{\"target\":\"shop/web\",\"action\":\"scale_to\",\"replicas\":3,"
            + "\"ttl_seconds\":600,\"reason\":\"sale\",\"source\":\"ci\"}";
    private static final AtomicInteger ACCEPTED_SIGNALS = new AtomicInteger();

    private static ReceiverHarness receiver;

    /** One row: a request and the answer it must get; {@code error} ending in "..." is matched as a prefix. */
    record Case(
            String name,
            String path,
            String auth,
            String contentType,
            byte[] body,
            boolean chunked,
            int status,
            String error,
            String field) {

        @Override
        public String toString() {
            return name;
        }
    }

    @BeforeAll
    static void start() {
        receiver = ReceiverHarness.start(kafka.bootstrapServers(), PodOwnerResolver.disabled());
    }

    @AfterAll
    static void stop() {
        receiver.close();
    }

    static Stream<Case> cases() {
        List<Case> cases = new ArrayList<>();
        // authentication
        cases.add(alerts(
                "missing auth",
                null,
                JSON,
                FIRING,
                401,
                "missing Authorization header; expected Bearer credentials",
                null));
        cases.add(alerts("wrong token", "Bearer not-the-token", JSON, FIRING, 401, "invalid credentials", null));
        cases.add(alerts(
                "token of other case",
                "Bearer " + ReceiverHarness.TOKEN.toUpperCase(),
                JSON,
                FIRING,
                401,
                "invalid credentials",
                null));
        cases.add(alerts(
                "wrong scheme",
                "Basic dXNlcjpwYXNz",
                JSON,
                FIRING,
                401,
                "unsupported authorization scheme: use Bearer",
                null));
        cases.add(alerts(
                "token without a scheme is not echoed",
                ReceiverHarness.TOKEN,
                JSON,
                FIRING,
                401,
                "unsupported authorization scheme: use Bearer",
                null));
        cases.add(alerts("scheme without token", "Bearer", JSON, FIRING, 401, "invalid credentials", null));
        cases.add(alerts("token with a suffix", BEARER + "x", JSON, FIRING, 401, "invalid credentials", null));
        // content type and size
        cases.add(alerts(
                "text/plain",
                BEARER,
                "text/plain",
                FIRING,
                415,
                "Content-Type 'text/plain' is not supported; expected application/json",
                null));
        cases.add(alerts(
                "form content type",
                BEARER,
                "application/x-www-form-urlencoded",
                FIRING,
                415,
                "Content-Type 'application/x-www-form-urlencoded' is not supported; expected application/json",
                null));
        cases.add(alerts(
                "no content type",
                BEARER,
                null,
                FIRING,
                415,
                "Content-Type is missing; expected application/json",
                null));
        cases.add(new Case(
                "10 MiB body",
                "/alerts",
                BEARER,
                JSON,
                padded(10 << 20),
                false,
                413,
                "request body is larger than 1048576 bytes (receiver.max_body_bytes)",
                null));
        cases.add(new Case(
                "chunked body over the limit",
                "/alerts",
                BEARER,
                JSON,
                padded(2 << 20),
                true,
                413,
                "request body is larger than 1048576 bytes (receiver.max_body_bytes)",
                null));
        // malformed JSON
        cases.add(
                alerts("empty body", BEARER, JSON, "", 400, "the request body is empty; expected a JSON object", null));
        cases.add(alerts(
                "truncated JSON",
                BEARER,
                JSON,
                FIRING.substring(0, FIRING.length() / 2),
                400,
                "malformed JSON at alerts[0].generatorURL: Unexpected end-of-input...",
                "alerts[0].generatorURL"));
        cases.add(
                alerts("not JSON", BEARER, JSON, "alert!", 400, "malformed JSON: Unrecognized token 'alert'...", null));
        cases.add(alerts(
                "trailing garbage",
                BEARER,
                JSON,
                FIRING + " {}",
                400,
                "malformed JSON: unexpected content after the JSON object...",
                null));
        cases.add(alerts(
                "duplicate key",
                BEARER,
                JSON,
                "{\"version\":\"4\",\"version\":\"4\"}",
                400,
                "malformed JSON: Duplicate field 'version'...",
                null));
        cases.add(alerts(
                "array instead of object",
                BEARER,
                JSON,
                "[" + FIRING + "]",
                400,
                "the body has the wrong type: expected a JSON object",
                null));
        cases.add(alerts("JSON null", BEARER, JSON, "null", 400, "expected a JSON object, got null", null));
        cases.add(new Case(
                "invalid UTF-8",
                "/alerts",
                BEARER,
                JSON,
                invalidUtf8(),
                false,
                400,
                "malformed JSON at alerts[0].labels: Invalid UTF-8 middle byte 0x28...",
                "alerts[0].labels"));
        cases.add(new Case(
                "UTF-16LE body",
                "/v1/triggers",
                BEARER,
                JSON,
                VALID_TRIGGER.getBytes(StandardCharsets.UTF_16LE),
                false,
                400,
                "the request body is not UTF-8 (a NUL byte at byte 1, as in UTF-16 or UTF-32 text); send it as UTF-8",
                null));
        cases.add(new Case(
                "UTF-32LE body",
                "/alerts",
                BEARER,
                JSON,
                FIRING.getBytes(Charset.forName("UTF-32LE")),
                false,
                400,
                "the request body is not UTF-8 (a NUL byte at byte 1, as in UTF-16 or UTF-32 text); send it as UTF-8",
                null));
        cases.add(new Case(
                "UTF-16 body with a byte order mark",
                "/v1/triggers",
                BEARER,
                JSON,
                VALID_TRIGGER.getBytes(StandardCharsets.UTF_16),
                false,
                400,
                "the request body is not UTF-8 (a NUL byte at byte 2, as in UTF-16 or UTF-32 text); send it as UTF-8",
                null));
        cases.add(alerts(
                "charset utf-16",
                BEARER,
                "application/json; charset=UTF-16",
                FIRING,
                415,
                "Content-Type charset must be utf-8: the body must be UTF-8 JSON",
                null));
        cases.add(alerts(
                "charset latin-1 quoted",
                BEARER,
                "application/json;charset=\"iso-8859-1\"",
                FIRING,
                415,
                "Content-Type charset must be utf-8: the body must be UTF-8 JSON",
                null));
        // webhook structure
        cases.add(alerts(
                "missing version",
                BEARER,
                JSON,
                FIRING.replace("\"version\":\"4\",", ""),
                400,
                "version is required (Alertmanager webhook payload version 4)",
                "version"));
        cases.add(alerts(
                "version 3",
                BEARER,
                JSON,
                FIRING.replace("\"version\":\"4\"", "\"version\":\"3\""),
                400,
                "unsupported webhook payload version '3'; only version 4 is understood",
                "version"));
        cases.add(alerts(
                "version as number",
                BEARER,
                JSON,
                FIRING.replace("\"version\":\"4\"", "\"version\":4"),
                400,
                "version has the wrong type: expected a string",
                "version"));
        cases.add(alerts(
                "empty alerts",
                BEARER,
                JSON,
                withAlerts("[]"),
                400,
                "alerts is required and must not be empty",
                "alerts"));
        cases.add(alerts(
                "alerts not an array",
                BEARER,
                JSON,
                withAlerts("{}"),
                400,
                "alerts has the wrong type: expected an array",
                "alerts"));
        cases.add(alerts(
                "null alert",
                BEARER,
                JSON,
                withAlerts("[null]"),
                400,
                "alerts[0] must be an alert object, not null",
                "alerts[0]"));
        cases.add(alerts(
                "truncatedAlerts as text",
                BEARER,
                JSON,
                FIRING.replace("\"truncatedAlerts\":0", "\"truncatedAlerts\":\"0\""),
                400,
                "truncatedAlerts has the wrong type: expected an integer",
                "truncatedAlerts"));
        cases.add(alerts(
                "status pending",
                BEARER,
                JSON,
                FIRING.replace("\"status\":\"firing\",\"labels\"", "\"status\":\"pending\",\"labels\""),
                400,
                "alerts[0].status must be \"firing\" or \"resolved\", was \"pending\"",
                "alerts[0].status"));
        cases.add(alerts(
                "missing status",
                BEARER,
                JSON,
                FIRING.replace("\"status\":\"firing\",\"labels\"", "\"labels\""),
                400,
                "alerts[0].status is required",
                "alerts[0].status"));
        cases.add(alerts(
                "missing labels",
                BEARER,
                JSON,
                withAlert("\"labels\":{\"alertname\":\"X\"},", ""),
                400,
                "alerts[0].labels is required",
                "alerts[0].labels"));
        cases.add(alerts(
                "empty labels",
                BEARER,
                JSON,
                withAlert("\"labels\":{\"alertname\":\"X\"}", "\"labels\":{}"),
                400,
                "alerts[0].labels must not be empty",
                "alerts[0].labels"));
        cases.add(alerts(
                "label value a number",
                BEARER,
                JSON,
                withAlert("\"alertname\":\"X\"", "\"alertname\":7"),
                400,
                "alerts[0].labels.alertname has the wrong type: expected a string",
                "alerts[0].labels.alertname"));
        cases.add(alerts(
                "label value null",
                BEARER,
                JSON,
                withAlert("\"alertname\":\"X\"", "\"alertname\":\"X\",\"team\":null"),
                400,
                "alerts[0].labels.team must be a string, not null",
                "alerts[0].labels.team"));
        cases.add(alerts(
                "huge label map",
                BEARER,
                JSON,
                withAlert("\"alertname\":\"X\"", hugeLabels(5000)),
                400,
                "alerts[0].labels has 5001 entries; at most 256 are accepted",
                "alerts[0].labels"));
        cases.add(alerts(
                "startsAt not a time",
                BEARER,
                JSON,
                withAlert("2026-11-28T05:41:02Z", "yesterday"),
                400,
                "alerts[0].startsAt must be an RFC 3339 time such as 2026-01-31T12:00:00Z, was \"yesterday\"",
                "alerts[0].startsAt"));
        cases.add(alerts(
                "startsAt without zone",
                BEARER,
                JSON,
                withAlert("2026-11-28T05:41:02Z", "2026-11-28T05:41:02"),
                400,
                "alerts[0].startsAt must be an RFC 3339 time such as "
                        + "2026-01-31T12:00:00Z, was \"2026-11-28T05:41:02\"",
                "alerts[0].startsAt"));
        cases.add(alerts(
                "startsAt a number",
                BEARER,
                JSON,
                withAlert("\"2026-11-28T05:41:02Z\"", "1764308462"),
                400,
                "alerts[0].startsAt has the wrong type: expected a string",
                "alerts[0].startsAt"));
        cases.add(alerts(
                "endsAt month 13",
                BEARER,
                JSON,
                withAlert("0001-01-01T00:00:00Z", "2026-13-01T00:00:00Z"),
                400,
                "alerts[0].endsAt must be an RFC 3339 time such as 2026-01-31T12:00:00Z, was "
                        + "\"2026-13-01T00:00:00Z\"",
                "alerts[0].endsAt"));
        cases.add(alerts(
                "both alerts without fingerprint",
                BEARER,
                JSON,
                withAlerts("[" + alert().replace(",\"fingerprint\":\"f1\"", "") + ","
                        + alert().replace(",\"fingerprint\":\"f1\"", "") + "]"),
                400,
                "alerts[0].fingerprint is required (all 2 alerts were refused; this is the first)",
                "alerts[0].fingerprint"));
        // odd but valid: accepted
        cases.add(alerts(
                "unicode labels and annotations",
                BEARER,
                "application/json; charset=utf-8",
                withAlert("\"alertname\":\"X\"", "\"alertname\":\"Überlast ⚡ 過負荷\",\"team\":\"ζ-team 🚀\""),
                200,
                null,
                null));
        cases.add(alerts(
                "unknown fields",
                BEARER,
                JSON,
                FIRING.replace("\"version\":\"4\"", "\"version\":\"4\",\"futureField\":{\"x\":[1]}"),
                200,
                null,
                null));
        // triggers
        cases.add(trigger(
                "trigger without target",
                VALID_TRIGGER.replace("\"target\":\"shop/web\",", ""),
                400,
                "target is required",
                "target"));
        cases.add(trigger(
                "trigger for a CronJob",
                VALID_TRIGGER.replace("shop/web", "shop/CronJob/nightly"),
                400,
                "target must be ns/Kind/name or ns/name: kind 'CronJob' is not supported; allowed: Deployment, "
                        + "StatefulSet (more with [[scalable_kinds]])",
                "target"));
        cases.add(trigger(
                "trigger target with capitals",
                VALID_TRIGGER.replace("shop/web", "Shop/web"),
                400,
                "target must be ns/Kind/name or ns/name: namespace 'Shop' is not a DNS-1123 label...",
                "target"));
        cases.add(trigger(
                "unknown action",
                VALID_TRIGGER.replace("scale_to", "explode"),
                400,
                "action must be one of scale_to, scale_up, scale_down, hold, cancel; was \"explode\"",
                "action"));
        cases.add(trigger(
                "scale_to without replicas",
                VALID_TRIGGER.replace("\"replicas\":3,", ""),
                400,
                "scale_to needs replicas from 0 to 10000",
                "replicas"));
        cases.add(trigger(
                "scale_up with replicas",
                VALID_TRIGGER.replace("scale_to", "scale_up").replace("\"replicas\":3", "\"replicas\":3,\"step\":1"),
                400,
                "scale_up takes step, not replicas",
                "replicas"));
        cases.add(trigger(
                "replicas as fraction",
                VALID_TRIGGER.replace("\"replicas\":3", "\"replicas\":2.5"),
                400,
                "replicas has the wrong type: expected an integer",
                "replicas"));
        cases.add(trigger(
                "replicas as text",
                VALID_TRIGGER.replace("\"replicas\":3", "\"replicas\":\"3\""),
                400,
                "replicas has the wrong type: expected an integer",
                "replicas"));
        cases.add(trigger(
                "replicas out of range",
                VALID_TRIGGER.replace("\"replicas\":3", "\"replicas\":99999999999"),
                400,
                "replicas is out of range: Numeric value (99999999999) out of range of int (-2147483648 - 2147483647)",
                "replicas"));
        cases.add(trigger(
                "ttl zero",
                VALID_TRIGGER.replace("600", "0"),
                400,
                "ttl_seconds must be from 1 to 604800, " + "was 0",
                "ttl_seconds"));
        cases.add(trigger(
                "blank reason",
                VALID_TRIGGER.replace("\"sale\"", "\"  \""),
                400,
                "reason must not be blank",
                "reason"));
        cases.add(trigger(
                "id with spaces",
                VALID_TRIGGER.replace("{", "{\"id\":\"my run\","),
                400,
                "id must be 1-128 characters of A-Z, a-z, 0-9, '.', '_', ':', '-'",
                "id"));
        cases.add(trigger(
                "hold trigger",
                "{\"target\":\"dev/Deployment/api\",\"action\":\"hold\",\"ttl_seconds\":60,"
                        + "\"reason\":\"freeze\",\"source\":\"release-bot\"}",
                202,
                null,
                null));
        return cases.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void answersEachBadRequestWithItsStatusAndError(Case c) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(receiver.url(c.path())))
                .POST(
                        c.chunked()
                                ? HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(c.body()))
                                : HttpRequest.BodyPublishers.ofByteArray(c.body()));
        if (c.auth() != null) {
            request.header("Authorization", c.auth());
        }
        if (c.contentType() != null) {
            request.header("Content-Type", c.contentType());
        }

        HttpResponse<String> response = receiver.send(request.build());

        assertThat(response.statusCode()).as(response.body()).isEqualTo(c.status());
        assertThat(response.body())
                .doesNotContain("Exception")
                .doesNotContain("\tat ")
                .doesNotContain("io.scaligator");
        JsonNode body = EventJson.mapper().readTree(response.body());
        if (c.status() >= 300) {
            String error = body.get("error").asText();
            if (c.error().endsWith("...")) {
                assertThat(error).startsWith(c.error().substring(0, c.error().length() - 3));
            } else {
                assertThat(error).isEqualTo(c.error());
            }
            assertThat(
                            body.path("field").isMissingNode()
                                    ? null
                                    : body.get("field").asText())
                    .isEqualTo(c.field());
        } else {
            ACCEPTED_SIGNALS.addAndGet(body.has("ids") ? body.get("ids").size() : 1);
        }
        if (c.status() == 401) {
            assertThat(response.headers().firstValue("WWW-Authenticate")).hasValue("Bearer realm=\"scaligator\"");
        }
    }

    @Test
    void refusesOtherMethodsAndPathsWithoutAStackTrace() {
        HttpResponse<String> get = receiver.send(
                HttpRequest.newBuilder(URI.create(receiver.url("/alerts"))).build());
        HttpResponse<String> unknown = receiver.post("/v2/alerts", Payloads.captured(Payloads.FIRING));

        assertThat(get.statusCode()).isEqualTo(405);
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(get.body() + unknown.body()).doesNotContain("Exception").doesNotContain("\tat ");
    }

    @Test
    void refusesCompressedBodiesWith415NamingTheEncoding() throws Exception {
        byte[] firing = Payloads.captured(Payloads.FIRING);
        java.io.ByteArrayOutputStream gzipped = new java.io.ByteArrayOutputStream();
        try (java.util.zip.GZIPOutputStream gzip = new java.util.zip.GZIPOutputStream(gzipped)) {
            gzip.write(firing);
        }

        HttpResponse<String> gzip = sendEncoded("gzip", gzipped.toByteArray());
        HttpResponse<String> brotli = sendEncoded("br", firing);
        HttpResponse<String> identity = sendEncoded("identity", firing);

        assertThat(gzip.statusCode()).isEqualTo(415);
        assertThat(EventJson.mapper().readTree(gzip.body()).get("error").asText())
                .isEqualTo("Content-Encoding gzip is not supported; send the body uncompressed");
        assertThat(brotli.statusCode()).isEqualTo(415);
        assertThat(EventJson.mapper().readTree(brotli.body()).get("error").asText())
                .isEqualTo("Content-Encoding br is not supported; send the body uncompressed");
        assertThat(identity.statusCode()).as(identity.body()).isEqualTo(200);
        ACCEPTED_SIGNALS.incrementAndGet();
    }

    private static HttpResponse<String> sendEncoded(String encoding, byte[] body) {
        return receiver.send(HttpRequest.newBuilder(URI.create(receiver.url("/alerts")))
                .header("Authorization", BEARER)
                .header("Content-Type", JSON)
                .header("Content-Encoding", encoding)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build());
    }

    @Test
    void anUpperCaseFingerprintIsTheSameAlertAsItsLowerCaseForm() throws Exception {
        HttpResponse<String> lower = receiver.post(
                "/alerts",
                withAlert("\"fingerprint\":\"f1\"", "\"fingerprint\":\"a1b2c3d4e5f60718\"")
                        .getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> upper = receiver.post(
                "/alerts",
                withAlert("\"fingerprint\":\"f1\"", "\"fingerprint\":\"A1B2C3D4E5F60718\"")
                        .getBytes(StandardCharsets.UTF_8));

        assertThat(lower.statusCode()).as(lower.body()).isEqualTo(200);
        assertThat(upper.statusCode()).as(upper.body()).isEqualTo(200);
        ACCEPTED_SIGNALS.addAndGet(2);
        assertThat(EventJson.mapper().readTree(upper.body()).get("ids"))
                .isEqualTo(EventJson.mapper().readTree(lower.body()).get("ids"));
    }

    /**
     * Alertmanager does not retry a 4xx: the notification is gone, so the receiver's log must say that it refused one
     * and why (the client's values escaped), not only a counter; likewise for an alert refused from a webhook whose
     * other alerts were recorded.
     */
    @Test
    void aRefusedWebhookIsLoggedWithItsStatusAndTheReason() {
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        PrintStream stderr = System.err;
        System.setErr(new PrintStream(log, true, StandardCharsets.UTF_8));
        HttpResponse<String> badLabel;
        HttpResponse<String> oneOfTwoBad;
        HttpResponse<String> wrongToken;
        // a receiver of its own: the other tests' refusals must not have used up its log lines
        try (ReceiverHarness fresh = ReceiverHarness.start(kafka.bootstrapServers(), PodOwnerResolver.disabled())) {
            badLabel = fresh.post(
                    "/alerts",
                    withAlert("\"alertname\":\"X\"", "\"alertname\":\"X\",\"service.name\\n\":\"checkout\"")
                            .getBytes(StandardCharsets.UTF_8));
            oneOfTwoBad = fresh.post(
                    "/alerts",
                    withAlerts("[" + alert() + "," + alert().replace(",\"fingerprint\":\"f1\"", "") + "]")
                            .getBytes(StandardCharsets.UTF_8));
            wrongToken = fresh.send(HttpRequest.newBuilder(URI.create(fresh.url("/v1/triggers")))
                    .header("Authorization", "Bearer not-the-token")
                    .header("Content-Type", JSON)
                    .POST(HttpRequest.BodyPublishers.ofString(VALID_TRIGGER))
                    .build());
        } finally {
            System.setErr(stderr);
        }

        assertThat(badLabel.statusCode()).as(badLabel.body()).isEqualTo(400);
        assertThat(oneOfTwoBad.statusCode()).as(oneOfTwoBad.body()).isEqualTo(200);
        assertThat(wrongToken.statusCode()).as(wrongToken.body()).isEqualTo(401);
        List<String> lines = log.toString(StandardCharsets.UTF_8).lines().toList();
        assertThat(lines).anySatisfy(line -> assertThat(line)
                .contains(" WARN ")
                .contains("POST /alerts refused with 400 from 127.0.0.1: alerts[0].labels has the name "
                        + "\"service.name\\n\"; names must be 1 to 128 characters long, without control characters"));
        assertThat(lines).anySatisfy(line -> assertThat(line)
                .contains(" WARN ")
                .contains("POST /alerts refused 1 of 2 alerts (the others recorded, answered 200) from 127.0.0.1: "
                        + "alerts[1].fingerprint is required"));
        assertThat(lines).anySatisfy(line -> assertThat(line)
                .contains(" WARN ")
                .contains("POST /v1/triggers refused with 401 from 127.0.0.1: invalid credentials"));
    }

    /** Regression: Jetty's header cache once read "Bearer abc" as an earlier "Bearer ABC" on the same connection. */
    @Test
    void comparesTokensExactlyOnAReusedConnection() {
        String upper = "Bearer " + ReceiverHarness.TOKEN.toUpperCase();
        for (int i = 0; i < 20; i++) {
            assertThat(sendTextPlain(upper)).isEqualTo(401);
            assertThat(sendTextPlain(BEARER))
                    .as("the right token passes auth, then meets the 415")
                    .isEqualTo(415);
            assertThat(sendTextPlain(upper)).isEqualTo(401);
        }
    }

    private static int sendTextPlain(String auth) {
        return receiver.send(HttpRequest.newBuilder(URI.create(receiver.url("/alerts")))
                        .header("Authorization", auth)
                        .header("Content-Type", "text/plain")
                        .POST(HttpRequest.BodyPublishers.ofByteArray(new byte[] {'{'}))
                        .build())
                .statusCode();
    }

    @AfterAll
    static void onlyAcceptedRequestsReachedKafka() {
        assertThat(cases().filter(c -> c.status() < 300).count()).isEqualTo(3);
        assertThat(receiver.signals()).hasSize(ACCEPTED_SIGNALS.get());
    }

    private static Case alerts(
            String name, String auth, String contentType, String body, int status, String error, String field) {
        return new Case(
                name, "/alerts", auth, contentType, body.getBytes(StandardCharsets.UTF_8), false, status, error, field);
    }

    private static Case trigger(String name, String body, int status, String error, String field) {
        return new Case(
                name, "/v1/triggers", BEARER, JSON, body.getBytes(StandardCharsets.UTF_8), false, status, error, field);
    }

    private static String alert() {
        return "{\"status\":\"firing\",\"labels\":{\"alertname\":\"X\"},\"startsAt\":\"2026-11-28T05:41:02Z\","
                + "\"endsAt\":\"0001-01-01T00:00:00Z\",\"fingerprint\":\"f1\"}";
    }

    private static String withAlerts(String alerts) {
        return "{\"version\":\"4\",\"receiver\":\"r\",\"status\":\"firing\",\"alerts\":" + alerts + "}";
    }

    private static String withAlert(String find, String replace) {
        return withAlerts("[" + alert().replace(find, replace) + "]");
    }

    private static String hugeLabels(int count) {
        Map<String, String> labels = new LinkedHashMap<>();
        for (int i = 0; i < count; i++) {
            labels.put("label_" + i, "value_" + i);
        }
        StringBuilder json = new StringBuilder("\"alertname\":\"X\"");
        labels.forEach(
                (k, v) -> json.append(",\"").append(k).append("\":\"").append(v).append('"'));
        return json.toString();
    }

    private static byte[] padded(int size) {
        byte[] body = new byte[size];
        Arrays.fill(body, (byte) ' ');
        byte[] start = FIRING.getBytes(StandardCharsets.UTF_8);
        System.arraycopy(start, 0, body, 0, start.length);
        return body;
    }

    private static byte[] invalidUtf8() {
        byte[] body = withAlert("\"alertname\":\"X\"", "\"alertname\":\"X__\"").getBytes(StandardCharsets.UTF_8);
        String text = new String(body, StandardCharsets.UTF_8);
        int at = text.indexOf("X__") + 1;
        body[at] = (byte) 0xC3;
        body[at + 1] = (byte) 0x28;
        return body;
    }
}
