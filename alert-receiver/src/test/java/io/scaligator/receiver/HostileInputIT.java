package io.scaligator.receiver;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.scaligator.common.event.AlertSignal;
import io.scaligator.common.serde.EventJson;
import io.scaligator.receiver.core.PodOwnerResolver;
import io.scaligator.receiver.payload.PayloadLimits;
import io.scaligator.testkit.KafkaBrokerExtension;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Hostile inputs an attacker holding a webhook credential could send: oversize values, names outside Prometheus'
 * syntax, forged fingerprints and times, malformed bytes, hostile numbers and nesting. Each is refused with a 4xx
 * naming the field (or accepted where the input is odd but legitimate), never a 5xx; refused ones never reach
 * Kafka. (BadInputIT holds the table of ordinary client mistakes.)
 */
class HostileInputIT {

    @RegisterExtension
    static KafkaBrokerExtension kafka = new KafkaBrokerExtension();

    private static final String FP = "0123456789abcdef";
    private static final String ALERT = "{\"status\":\"firing\",\"labels\":{\"alertname\":\"X\",\"namespace\":\"shop\","
            + "\"deployment\":\"web\"},\"annotations\":{\"summary\":\"s\"},\"startsAt\":\"2026-11-28T05:41:02Z\","
            + "\"endsAt\":\"0001-01-01T00:00:00Z\",\"generatorURL\":\"http://p:9090/graph\",\"fingerprint\":\"" + FP
            + "\"}";
    private static final String HOOK = "{\"version\":\"4\",\"groupKey\":\"{}:{alertname=\\\"X\\\"}\","
            + "\"truncatedAlerts\":0,\"status\":\"firing\",\"receiver\":\"scaligator\",\"groupLabels\":{},"
            + "\"commonLabels\":{},\"commonAnnotations\":{},\"externalURL\":\"http://am:9093\",\"alerts\":[ALERTS]}";
    private static final String TRIGGER = "{\"target\":\"shop/web\",\"action\":\"scale_to\",\"replicas\":3,"
            + "\"ttl_seconds\":600,\"reason\":\"sale\",\"source\":\"ci\"}";
    private static final String STEP_TRIGGER =
            TRIGGER.replace("scale_to", "scale_up").replace("\"replicas\":3", "\"step\":2");
    private static final Set<String> ACCEPTED_IDS = ConcurrentHashMap.newKeySet();

    private static ReceiverHarness receiver;

    /** One row: the request body, the status it must get, the field the error names and a part of the message. */
    record Case(String name, String path, byte[] body, int status, String field, String error) {

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
        String a0 = "alerts[0]";
        String future = Instant.now()
                .plus(2, ChronoUnit.DAYS)
                .truncatedTo(ChronoUnit.SECONDS)
                .toString();
        List<Case> cases = new ArrayList<>();
        // fingerprints
        cases.add(alert(
                "fingerprint of 10,000 hex digits",
                ALERT.replace(FP, "a".repeat(10_000)),
                a0 + ".fingerprint",
                "must be 1-64 hex digits"));
        cases.add(alert(
                "fingerprint of 65 hex digits",
                ALERT.replace(FP, "b".repeat(65)),
                a0 + ".fingerprint",
                "must be 1-64 hex digits"));
        cases.add(alert("fingerprint not hex", ALERT.replace(FP, "zz-top"), a0 + ".fingerprint", "hex digits"));
        cases.add(
                alert("fingerprint with a newline", ALERT.replace(FP, "abc\\ndef"), a0 + ".fingerprint", "hex digits"));
        cases.add(alert("empty fingerprint", ALERT.replace(FP, ""), a0 + ".fingerprint", "hex digits"));
        // label and annotation names
        cases.add(alert("empty label name", label("", "x"), a0 + ".labels", "names must be 1 to 128 characters"));
        cases.add(alert(
                "label name of 129 characters", label("l".repeat(129), "x"), a0 + ".labels", "1 to 128 characters"));
        cases.add(
                alert("label name with a newline", label("a\\nb", "x"), a0 + ".labels", "without control characters"));
        cases.add(
                alert("label name with a DEL", label("a\\u007fb", "x"), a0 + ".labels", "without control characters"));
        cases.add(alert(
                "label name with an unpaired surrogate",
                label("a\\ud800b", "x"),
                a0 + ".labels",
                "Broken surrogate pair in field name"));
        cases.add(alert(
                "annotation name with an escape sequence",
                ALERT.replace("\"summary\"", "\"run\\u001b[2Jbook\""),
                a0 + ".annotations",
                "without control characters"));
        // Prometheus 3 and Alertmanager 0.28 send UTF-8 label names: accepted, each alert with its own fingerprint
        cases.add(accepted("UTF-8 label name service.name", label("service.name", "checkout"), "a1"));
        cases.add(accepted("label name with a dash", label("k8s.pod-name", "web-1"), "a2"));
        cases.add(accepted("label name starting with a digit", label("1abc", "x"), "a3"));
        cases.add(accepted("label name in Japanese", label("\u30b5\u30fc\u30d3\u30b9", "x"), "a4"));
        cases.add(accepted("annotation name with a space", ALERT.replace("\"summary\"", "\"run book\""), "a5"));
        // value sizes
        cases.add(alert(
                "label value of 4,097 characters",
                label("team", "v".repeat(4097)),
                a0 + ".labels.team",
                "4097 characters long; at most 4096"));
        // free text no decision reads: cut to its bound (the answer lists it), so that the alert is not lost
        cases.add(accepted(
                "annotation value of 16,385 characters",
                ALERT.replace("\"summary\":\"s\"", "\"summary\":\"" + "d".repeat(16_385) + "\""),
                "a6"));
        cases.add(alert(
                "65 KiB of annotations on one alert",
                ALERT.replace("\"summary\":\"s\"", annotations(5, 14_000)),
                a0,
                "at most 65536 are accepted per alert"));
        cases.add(alert(
                "alertname of 257 characters",
                ALERT.replace("\"alertname\":\"X\"", "\"alertname\":\"" + "n".repeat(257) + "\""),
                a0 + ".labels.alertname",
                "at most 256"));
        // the rule's PromQL, URL-encoded, read by no decision: cut to its bound, the alert kept
        cases.add(accepted(
                "generatorURL of 8,193 characters",
                ALERT.replace("http://p:9090/graph", "http://p/" + "g".repeat(8184)),
                "b2"));
        cases.add(webhook(
                "externalURL of 8,193 characters",
                HOOK.replace("http://am:9093", "http://a/" + "e".repeat(8184)).replace("ALERTS", ALERT),
                "externalURL",
                "at most 8192"));
        // built by Alertmanager from the group's labels, read by no decision: cut to its bound, the alert kept
        cases.add(new Case(
                "groupKey of 8,193 characters",
                "/alerts",
                utf8(HOOK.replace("{}:{alertname=\\\"X\\\"}", "k".repeat(8193))
                        .replace("ALERTS", ALERT.replace(FP, "b1"))),
                200,
                null,
                null));
        cases.add(webhook(
                "receiver of 257 characters",
                HOOK.replace("\"scaligator\"", "\"" + "r".repeat(257) + "\"").replace("ALERTS", ALERT),
                "receiver",
                "at most 256"));
        cases.add(webhook(
                "1,001 alerts, the first 1,000 refused",
                HOOK.replace(
                        "ALERTS",
                        String.join(
                                ",",
                                java.util.Collections.nCopies(
                                        PayloadLimits.MAX_ALERTS + 1, ALERT.replace(FP, "not-hex")))),
                a0 + ".fingerprint",
                "(all 1000 alerts were refused; this is the first)"));
        cases.add(alert(
                "unpaired surrogate in a label value",
                label("team", "\\ud800x"),
                a0 + ".labels.team",
                "unpaired UTF-16 surrogate"));
        // times
        cases.add(alert(
                "startsAt in the year 9999",
                ALERT.replace("2026-11-28T05:41:02Z", "9999-12-31T23:59:59Z"),
                a0 + ".startsAt",
                "after the receive time"));
        cases.add(alert(
                "startsAt two days ahead",
                ALERT.replace("2026-11-28T05:41:02Z", future),
                a0 + ".startsAt",
                "after the receive time"));
        cases.add(alert(
                "endsAt two days ahead",
                ALERT.replace("0001-01-01T00:00:00Z", future),
                a0 + ".endsAt",
                "after the receive time"));
        cases.add(alert(
                "startsAt in 1970",
                ALERT.replace("2026-11-28T05:41:02Z", "1970-01-01T00:00:00Z"),
                a0 + ".startsAt",
                "before 2000-01-01T00:00:00Z"));
        cases.add(alert(
                "startsAt Go's zero time",
                ALERT.replace("2026-11-28T05:41:02Z", "0001-01-01T00:00:00Z"),
                a0 + ".startsAt",
                "before 2000-01-01T00:00:00Z"));
        cases.add(alert(
                "startsAt with a ten-digit year",
                ALERT.replace("2026-11-28T05:41:02Z", "+1000000000-01-01T00:00:00Z"),
                a0 + ".startsAt",
                "must be an RFC 3339 time"));
        cases.add(alert(
                "startsAt with 61 seconds",
                ALERT.replace("05:41:02Z", "05:41:61Z"),
                a0 + ".startsAt",
                "must be an RFC 3339 time"));
        // malformed bytes and structure
        cases.add(webhook(
                "raw NUL byte inside a string",
                HOOK.replace("ALERTS", label("team", "a\u0000b")),
                a0 + ".labels",
                "malformed JSON at alerts[0].labels: Illegal unquoted character"));
        cases.add(new Case(
                "overlong UTF-8 encoding",
                "/alerts",
                overlongUtf8(),
                400,
                null,
                "the request body is not valid UTF-8"));
        cases.add(webhook(
                "NaN as a number",
                HOOK.replace("\"truncatedAlerts\":0", "\"truncatedAlerts\":NaN").replace("ALERTS", ALERT),
                null,
                "malformed JSON: NaN and Infinity are not JSON (line 1, column"));
        cases.add(webhook(
                "Infinity as a number",
                HOOK.replace("\"truncatedAlerts\":0", "\"truncatedAlerts\":-Infinity")
                        .replace("ALERTS", ALERT),
                null,
                "malformed JSON: NaN and Infinity are not JSON (line 1, column"));
        cases.add(webhook(
                "a comment",
                HOOK.replace("\"truncatedAlerts\":0", "\"truncatedAlerts\":/*c*/0")
                        .replace("ALERTS", ALERT),
                null,
                "malformed JSON: comments are not JSON (line 1, column"));
        cases.add(webhook(
                "a number with a plus sign",
                HOOK.replace("\"truncatedAlerts\":0", "\"truncatedAlerts\":+1").replace("ALERTS", ALERT),
                null,
                "malformed JSON: "));
        cases.add(webhook(
                "a number with a leading decimal point",
                HOOK.replace("\"truncatedAlerts\":0", "\"truncatedAlerts\":.5").replace("ALERTS", ALERT),
                null,
                "malformed JSON: "));
        cases.add(webhook(
                "nesting 10,000 objects deep",
                HOOK.replace("ALERTS", ALERT).replace("\"version\":\"4\"", "\"x\":" + "{\"a\":".repeat(10_000)),
                null,
                "malformed JSON: JSON nested deeper than 1000 levels"));
        cases.add(webhook(
                "field name of 600,000 characters",
                HOOK.replace("ALERTS", ALERT).replace("\"version\"", "\"" + "k".repeat(600_000) + "\":1,\"version\""),
                null,
                "malformed JSON: field name longer than 50000 characters"));
        cases.add(webhook(
                "nesting 100,000 arrays deep",
                HOOK.replace("ALERTS", ALERT)
                        .replace(
                                "\"version\":\"4\"",
                                "\"version\":\"4\",\"x\":" + "[".repeat(100_000) + "]".repeat(100_000)),
                null,
                "malformed JSON: JSON nested deeper than 1000 levels"));
        cases.add(webhook(
                "nested object as a label value",
                HOOK.replace("ALERTS", label("team", "VALUE")).replace("\"VALUE\"", "{\"a\":{\"b\":[1,2,{}]}}"),
                a0 + ".labels.team",
                "wrong type"));
        cases.add(webhook(
                "duplicate label",
                HOOK.replace("ALERTS", ALERT.replace("\"alertname\":\"X\"", "\"alertname\":\"X\",\"alertname\":\"Y\"")),
                a0 + ".labels",
                "Duplicate field 'alertname'"));
        cases.add(webhook(
                "duplicate alerts array",
                HOOK.replace("ALERTS", ALERT).replace("\"receiver\"", "\"alerts\":[],\"receiver\""),
                null,
                "Duplicate field 'alerts'"));
        cases.add(webhook(
                "number with 5,000 digits",
                HOOK.replace("\"truncatedAlerts\":0", "\"truncatedAlerts\":" + "9".repeat(5000))
                        .replace("ALERTS", ALERT),
                null,
                "malformed JSON: number longer than 1000 digits"));
        cases.add(webhook(
                "truncatedAlerts overflowing int",
                HOOK.replace("\"truncatedAlerts\":0", "\"truncatedAlerts\":2147483648")
                        .replace("ALERTS", ALERT),
                "truncatedAlerts",
                "out of range"));
        cases.add(webhook(
                "alert given as a string",
                HOOK.replace("ALERTS", "\"alert\""),
                a0,
                "wrong type: expected a JSON object"));
        cases.add(webhook(
                "labels given as an array",
                HOOK.replace(
                        "ALERTS",
                        ALERT.replace(
                                "{\"alertname\":\"X\",\"namespace\":\"shop\",\"deployment\":\"web\"}",
                                "[\"alertname\",\"X\"]")),
                a0 + ".labels",
                "wrong type: expected an object with string values"));
        cases.add(alert(
                "status of 10,000 characters",
                ALERT.replace("\"status\":\"firing\"", "\"status\":\"" + "f".repeat(10_000) + "\""),
                a0 + ".status",
                "must be \"firing\" or \"resolved\""));
        cases.add(webhook(
                "version with a newline",
                HOOK.replace("\"version\":\"4\"", "\"version\":\"4\\n\"").replace("ALERTS", ALERT),
                "version",
                "only version 4 is understood"));
        // odd but legitimate: accepted
        cases.add(new Case(
                "control characters in a label value",
                "/alerts",
                utf8(HOOK.replace("ALERTS", label("team", "line1\\nline2\\r\\u001b[31mred\\u0007"))),
                200,
                null,
                null));
        cases.add(new Case(
                "fingerprint of upper-case hex",
                "/alerts",
                utf8(HOOK.replace("ALERTS", ALERT.replace(FP, "FEDCBA9876543210"))
                        .replace("deployment\":\"web", "deployment\":\"api")),
                200,
                null,
                null));
        // triggers
        cases.add(trigger("source with a space", TRIGGER.replace("\"ci\"", "\"load test\""), "source", "short token"));
        cases.add(trigger(
                "source of 65 characters",
                TRIGGER.replace("\"ci\"", "\"" + "s".repeat(65) + "\""),
                "source",
                "short token"));
        cases.add(trigger(
                "source with a newline",
                TRIGGER.replace("\"ci\"", "\"ci\\nINFO forged log line\""),
                "source",
                "short token"));
        cases.add(trigger("empty source", TRIGGER.replace("\"ci\"", "\"\""), "source", "short token"));
        cases.add(trigger(
                "replicas 10,001",
                TRIGGER.replace("\"replicas\":3", "\"replicas\":10001"),
                "replicas",
                "from 0 to 10000, was 10001"));
        cases.add(trigger(
                "replicas -1",
                TRIGGER.replace("\"replicas\":3", "\"replicas\":-1"),
                "replicas",
                "from 0 to 10000, was -1"));
        cases.add(trigger(
                "replicas overflowing int",
                TRIGGER.replace("\"replicas\":3", "\"replicas\":2147483648"),
                "replicas",
                "out of range"));
        cases.add(trigger(
                "replicas 1e3", TRIGGER.replace("\"replicas\":3", "\"replicas\":1e3"), "replicas", "wrong type"));
        cases.add(trigger(
                "replicas true", TRIGGER.replace("\"replicas\":3", "\"replicas\":true"), "replicas", "wrong type"));
        cases.add(trigger("step 0", STEP_TRIGGER.replace("\"step\":2", "\"step\":0"), "step", "from 1 to 10000"));
        cases.add(trigger(
                "step 10,001",
                STEP_TRIGGER.replace("\"step\":2", "\"step\":10001"),
                "step",
                "from 1 to 10000, was 10001"));
        cases.add(trigger(
                "step below int range",
                STEP_TRIGGER.replace("\"step\":2", "\"step\":-2147483649"),
                "step",
                "out of range"));
        cases.add(trigger(
                "ttl_seconds a week and a second",
                TRIGGER.replace("600", "604801"),
                "ttl_seconds",
                "from 1 to 604800, was 604801"));
        cases.add(trigger("ttl_seconds -1", TRIGGER.replace("600", "-1"), "ttl_seconds", "was -1"));
        cases.add(trigger(
                "ttl_seconds overflowing long",
                TRIGGER.replace("600", "9223372036854775808"),
                "ttl_seconds",
                "out of range"));
        cases.add(trigger(
                "target of 10,000 characters",
                TRIGGER.replace("shop/web", "shop/" + "w".repeat(9995)),
                "target",
                "at most 381"));
        cases.add(trigger(
                "target with a newline",
                TRIGGER.replace("shop/web", "shop/web\\n"),
                "target",
                "not a DNS-1123 subdomain"));
        cases.add(trigger(
                "target as an object",
                TRIGGER.replace("\"shop/web\"", "{\"ns\":\"shop\"}"),
                "target",
                "wrong type: expected a string"));
        cases.add(trigger(
                "reason of 1,025 characters", TRIGGER.replace("sale", "r".repeat(1025)), "reason", "at most 1024"));
        cases.add(trigger(
                "reason of Unicode spaces only",
                TRIGGER.replace("sale", "\\u00a0\\u2003\\u3000\\u202f"),
                "reason",
                "reason must not be blank"));
        cases.add(trigger(
                "reason with an unpaired surrogate",
                TRIGGER.replace("sale", "sale\\udc00"),
                "reason",
                "unpaired UTF-16 surrogate"));
        cases.add(trigger(
                "id of 129 characters",
                TRIGGER.replace("{", "{\"id\":\"" + "i".repeat(129) + "\","),
                "id",
                "1-128 characters"));
        cases.add(trigger(
                "duplicate action",
                TRIGGER.replace("\"action\":\"scale_to\"", "\"action\":\"hold\",\"action\":\"scale_to\""),
                null,
                "Duplicate field 'action'"));
        cases.add(new Case(
                "trigger with control characters in its reason",
                "/v1/triggers",
                utf8(TRIGGER.replace("sale", "sale\\n\\u001b[2Jcleared")),
                202,
                null,
                null));
        return cases.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void refusesEachHostileInputWithA4xxNamingTheField(Case c) throws Exception {
        HttpResponse<String> response = receiver.post(c.path(), c.body());

        assertThat(response.statusCode()).as(response.body()).isEqualTo(c.status());
        assertThat(response.body())
                .doesNotContain("`")
                .doesNotContain("Feature")
                .doesNotContain("Exception")
                .doesNotContain("\tat ")
                .doesNotContain("io.scaligator");
        JsonNode body = EventJson.mapper().readTree(response.body());
        if (c.status() >= 300) {
            assertThat(
                            body.path("field").isMissingNode()
                                    ? null
                                    : body.get("field").asText())
                    .isEqualTo(c.field());
            assertThat(body.get("error").asText()).contains(c.error());
        } else if (body.has("ids")) {
            body.get("ids").forEach(id -> ACCEPTED_IDS.add(id.asText()));
        } else {
            ACCEPTED_IDS.add(body.get("id").asText());
        }
    }

    @Test
    void oneAlertOutOfBoundsIsRefusedAloneAndTheRestOfItsGroupRecorded() throws Exception {
        String good = ALERT.replace(FP, "a7");
        String longName =
                ALERT.replace(FP, "a8").replace("\"alertname\":\"X\"", "\"alertname\":\"" + "n".repeat(257) + "\"");
        String longText =
                ALERT.replace(FP, "a9").replace("\"summary\":\"s\"", "\"summary\":\"" + "d".repeat(20_000) + "\"");

        HttpResponse<String> response =
                receiver.post("/alerts", utf8(HOOK.replace("ALERTS", longName + "," + good + "," + longText)));

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode body = EventJson.mapper().readTree(response.body());
        assertThat(body.get("accepted").asInt()).isEqualTo(2);
        assertThat(body.get("refused")).hasSize(1);
        assertThat(body.get("refused").get(0).get("index").asInt()).isZero();
        assertThat(body.get("refused").get(0).get("field").asText()).isEqualTo("alerts[0].labels.alertname");
        assertThat(body.get("refused").get(0).get("error").asText())
                .isEqualTo("alerts[0].labels.alertname is 257 characters long; at most 256 are accepted");
        assertThat(body.get("cut")).hasSize(1);
        assertThat(body.get("cut").get(0).asText()).isEqualTo("alerts[2].annotations.summary");
        Set<String> ids = new HashSet<>();
        body.get("ids").forEach(id -> ids.add(id.asText()));
        ACCEPTED_IDS.addAll(ids);
        List<AlertSignal> recorded = receiver.signals().stream()
                .filter(signal -> ids.contains(signal.id()))
                .toList();
        assertThat(recorded).extracting(signal -> signal.alert().fingerprint()).containsExactlyInAnyOrder("a7", "a9");
        assertThat(recorded)
                .filteredOn(signal -> signal.alert().fingerprint().equals("a9"))
                .singleElement()
                .extracting(signal -> signal.alert().annotations().get("summary"))
                .asString()
                .hasSize(PayloadLimits.MAX_ANNOTATION_VALUE)
                .endsWith("... [cut by Scaligator from 20000 characters]");
    }

    /** A group larger than the receiver reads: the first 1,000 alerts are recorded, the rest counted as not read. */
    @Test
    void theFirstThousandAlertsOfALargerGroupAreRecorded() throws Exception {
        List<String> alerts = new ArrayList<>();
        for (int i = 0; i < PayloadLimits.MAX_ALERTS + 5; i++) {
            alerts.add(ALERT.replace(FP, String.format("c%05x", i)));
        }

        HttpResponse<String> response =
                receiver.post("/alerts", utf8(HOOK.replace("ALERTS", String.join(",", alerts))));

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode body = EventJson.mapper().readTree(response.body());
        assertThat(body.get("accepted").asInt()).isEqualTo(PayloadLimits.MAX_ALERTS);
        assertThat(body.get("notRead").asInt()).isEqualTo(5);
        assertThat(body.has("refused")).isFalse();
        Set<String> ids = new HashSet<>();
        body.get("ids").forEach(id -> ids.add(id.asText()));
        assertThat(ids).hasSize(PayloadLimits.MAX_ALERTS);
        ACCEPTED_IDS.addAll(ids);
    }

    @AfterAll
    static void onlyTheAcceptedInputsReachedKafka() {
        assertThat(cases().count()).isGreaterThanOrEqualTo(40 + 3);
        assertThat(receiver.signals()).extracting(AlertSignal::id).containsExactlyInAnyOrderElementsOf(ACCEPTED_IDS);
    }

    private static Case alert(String name, String alert, String field, String error) {
        return webhook(name, HOOK.replace("ALERTS", alert), field, error);
    }

    /** A webhook of one alert, with {@code fingerprint}, that must be accepted. */
    private static Case accepted(String name, String alert, String fingerprint) {
        return new Case(name, "/alerts", utf8(HOOK.replace("ALERTS", alert.replace(FP, fingerprint))), 200, null, null);
    }

    private static Case webhook(String name, String body, String field, String error) {
        return new Case(name, "/alerts", utf8(body), 400, field, error);
    }

    private static Case trigger(String name, String body, String field, String error) {
        return new Case(name, "/v1/triggers", utf8(body), 400, field, error);
    }

    private static String label(String name, String value) {
        return ALERT.replace("\"alertname\":\"X\"", "\"alertname\":\"X\",\"" + name + "\":\"" + value + "\"");
    }

    private static String annotations(int count, int length) {
        StringBuilder json = new StringBuilder("\"summary\":\"s\"");
        for (int i = 0; i < count; i++) {
            json.append(",\"a")
                    .append(i)
                    .append("\":\"")
                    .append("x".repeat(length))
                    .append('"');
        }
        return json.toString();
    }

    /** "/" encoded in two bytes (0xC0 0xAF): the classic overlong form decoders must refuse. */
    private static byte[] overlongUtf8() {
        byte[] body = utf8(HOOK.replace("ALERTS", label("team", "a__b")));
        int at = new String(body, StandardCharsets.UTF_8).indexOf("a__b") + 1;
        body[at] = (byte) 0xC0;
        body[at + 1] = (byte) 0xAF;
        return body;
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
