package io.scaligator.receiver.payload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.scaligator.common.event.AlertDetails;
import io.scaligator.common.event.AlertDetails.AlertStatus;
import io.scaligator.common.event.TriggerDetails.TriggerAction;
import io.scaligator.common.target.Kind;
import io.scaligator.common.target.TargetRef;
import io.scaligator.receiver.Payloads;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.Test;

class PayloadParserTest {

    /** A few days after the captured payloads' alerts started. */
    private static final Instant NOW = Instant.parse("2026-12-01T00:00:00Z");

    private final PayloadParser parser = new PayloadParser();

    @Test
    void readsCapturedFiringAlertWithGoZeroEndTimeAsOpenEnded() {
        AlertDetails alert =
                parser.webhook(Payloads.captured(Payloads.FIRING), NOW).alerts().get(0);

        assertThat(alert.name()).isEqualTo("HighLatency");
        assertThat(alert.status()).isEqualTo(AlertStatus.FIRING);
        assertThat(alert.fingerprint()).isEqualTo("bbbaff063d2d2d80");
        assertThat(alert.startsAt()).isEqualTo(Instant.parse("2026-11-28T05:41:02Z"));
        assertThat(alert.endsAt()).isNull();
        assertThat(alert.labels()).containsEntry("namespace", "shop").containsEntry("deployment", "checkout");
        assertThat(alert.annotations()).containsEntry("summary", "p99 latency above 500ms");
        assertThat(alert.receiver()).isEqualTo("scaligator");
        assertThat(alert.groupKey()).isEqualTo("{}:{alertname=\"HighLatency\"}");
        assertThat(alert.generatorUrl()).startsWith("http://prometheus.example:9090/graph");
    }

    @Test
    void readsCapturedResolutionWithItsEndTime() {
        AlertDetails alert = parser.webhook(Payloads.captured(Payloads.RESOLVED), NOW)
                .alerts()
                .get(0);

        assertThat(alert.status()).isEqualTo(AlertStatus.RESOLVED);
        assertThat(alert.endsAt()).isEqualTo(Instant.parse("2026-11-28T05:41:10Z"));
    }

    @Test
    void readsAnUpperCaseFingerprintInLowerCaseAndAnAlertnameOfUnicodeSpacesAsNone() {
        String body = new String(Payloads.captured(Payloads.FIRING), StandardCharsets.UTF_8)
                .replace("bbbaff063d2d2d80", "BBBAFF063D2D2D80")
                .replace("\"alertname\":\"HighLatency\"", "\"alertname\":\"\\u00a0\\u2007\"");

        AlertDetails alert = parser.webhook(body.getBytes(StandardCharsets.UTF_8), NOW)
                .alerts()
                .get(0);

        assertThat(alert.fingerprint()).isEqualTo("bbbaff063d2d2d80");
        assertThat(alert.name()).isEqualTo("(no alertname)");
    }

    @Test
    void keepsEveryAlertOfACapturedGroupInOrder() {
        assertThat(parser.webhook(Payloads.captured(Payloads.GROUP_OF_FOUR), NOW)
                        .alerts())
                .extracting(AlertDetails::fingerprint)
                .containsExactly("9aa7d0444148d093", "b9217a84bf1e8f41", "72084c0472d0799c", "161bd8c8d7de50e6");
    }

    @Test
    void readsHowManyAlertsAlertmanagerLeftOutAndRefusesANegativeCount() {
        String body = new String(Payloads.captured(Payloads.GROUP_OF_FOUR), StandardCharsets.UTF_8);

        PayloadParser.Webhook whole = parser.webhook(body.getBytes(StandardCharsets.UTF_8), NOW);
        PayloadParser.Webhook cut = parser.webhook(
                body.replace("\"truncatedAlerts\":0", "\"truncatedAlerts\":7").getBytes(StandardCharsets.UTF_8), NOW);

        assertThat(whole.truncatedAlerts()).isZero();
        assertThat(cut.truncatedAlerts()).isEqualTo(7);
        assertThat(cut.groupKey()).isEqualTo("{}:{alertname=\"QueueBacklog\"}");
        assertThat(cut.alerts()).hasSize(4);
        assertThatThrownBy(() -> parser.webhook(
                        body.replace("\"truncatedAlerts\":0", "\"truncatedAlerts\":-1")
                                .getBytes(StandardCharsets.UTF_8),
                        NOW))
                .isInstanceOf(BadRequestException.class)
                .hasMessage("truncatedAlerts must be 0 or more (alerts left out), was -1")
                .extracting(e -> ((BadRequestException) e).field())
                .isEqualTo("truncatedAlerts");
    }

    @Test
    void acceptsTheNewerOptionalFieldsAndIgnoresUnknownOnes() {
        String body = new String(Payloads.captured(Payloads.FIRING), StandardCharsets.UTF_8)
                .replace(
                        "\"version\":\"4\"",
                        "\"version\":\"4\",\"notification_reason\":\"repeat\","
                                + "\"routeLabels\":{\"team\":\"shop\"},\"somethingNew\":[1,2,3]");

        assertThat(parser.webhook(body.getBytes(StandardCharsets.UTF_8), NOW).alerts())
                .hasSize(1);
    }

    @Test
    void normalisesOffsetsToUtcSoTheSameInstantGivesTheSameStart() {
        String body = new String(Payloads.captured(Payloads.FIRING), StandardCharsets.UTF_8)
                .replace("2026-11-28T05:41:02Z", "2026-11-28T06:41:02.000+01:00");

        assertThat(parser.webhook(body.getBytes(StandardCharsets.UTF_8), NOW)
                        .alerts()
                        .get(0)
                        .startsAt())
                .isEqualTo(Instant.parse("2026-11-28T05:41:02Z"));
    }

    @Test
    void readsATriggerInBothTargetNotations() {
        PayloadParser.Trigger full = parser.trigger(json("{\"target\":\"shop/StatefulSet/db\",\"action\":\"scale_to\","
                + "\"replicas\":3,\"ttl_seconds\":600,\"reason\":\"sale\",\"source\":\"ci\",\"id\":\"run-42\"}"));
        PayloadParser.Trigger shorthand = parser.trigger(json("{\"target\":\"shop/web\",\"action\":\"scale_up\","
                + "\"step\":2,\"ttl_seconds\":60,\"reason\":\"sale\",\"source\":\"ci\"}"));

        assertThat(full.target()).isEqualTo(TargetRef.statefulSet("shop", "db"));
        assertThat(full.callerId()).isEqualTo("run-42");
        assertThat(full.details().replicas()).isEqualTo(3);
        assertThat(shorthand.target()).isEqualTo(TargetRef.deployment("shop", "web"));
        assertThat(shorthand.details().action()).isEqualTo(TriggerAction.SCALE_UP);
        assertThat(shorthand.callerId()).isNull();
    }

    @Test
    void aTriggerMayTargetAConfiguredCustomKind() {
        Kind rollout = new Kind("argoproj.io", "v1alpha1", "Rollout", "rollouts");
        Kind.register(List.of(rollout)); // what loading a config with this [[scalable_kinds]] entry does

        PayloadParser.Trigger trigger = parser.trigger(json("{\"target\":\"shop/Rollout/canary\",\"action\":"
                + "\"scale_to\",\"replicas\":4,\"ttl_seconds\":600,\"reason\":\"launch\",\"source\":\"ci\"}"));

        assertThat(trigger.target()).isEqualTo(new TargetRef("shop", rollout, "canary"));
    }

    @Test
    void aCancelNamesTheTriggerItEndsAndNeedsNoTtl() {
        String id = "tr-" + "0123456789abcdef".repeat(4);
        PayloadParser.Trigger cancel = parser.trigger(json("{\"target\":\"shop/web\",\"action\":\"cancel\","
                + "\"cancels\":\"" + id + "\",\"reason\":\"sale over\",\"source\":\"ci\"}"));

        assertThat(cancel.details().action()).isEqualTo(TriggerAction.CANCEL);
        assertThat(cancel.details().cancels()).isEqualTo(id);
        assertThatThrownBy(() -> parser.trigger(json(
                        "{\"target\":\"shop/web\",\"action\":\"cancel\"," + "\"reason\":\"x\",\"source\":\"ci\"}")))
                .isInstanceOf(BadRequestException.class)
                .hasMessageContaining("cancels");
        assertThatThrownBy(() -> parser.trigger(json("{\"target\":\"shop/web\",\"action\":\"cancel\","
                        + "\"cancels\":\"tr-x\",\"reason\":\"x\",\"source\":\"ci\"}")))
                .isInstanceOf(BadRequestException.class)
                .hasMessageContaining("tr- and 64 hex digits");
        assertThatThrownBy(() -> parser.trigger(json("{\"target\":\"shop/web\",\"action\":\"scale_to\","
                        + "\"replicas\":2,\"ttl_seconds\":60,\"cancels\":\"" + id
                        + "\",\"reason\":\"x\",\"source\":\"ci\"}")))
                .isInstanceOf(BadRequestException.class)
                .hasMessageContaining("scale_to takes no cancels");
    }

    @Test
    void acceptsATriggerForTheLongestTargetKubernetesAllows() {
        // a namespace is at most 63 characters, a Deployment's or StatefulSet's name 253 (a DNS-1123 subdomain)
        String namespace = "n".repeat(63);
        String name = "w".repeat(253);

        PayloadParser.Trigger trigger = parser.trigger(json("{\"target\":\"" + namespace + "/StatefulSet/" + name
                + "\",\"action\":\"hold\",\"ttl_seconds\":60,\"reason\":\"freeze\",\"source\":\"ci\"}"));

        assertThat(trigger.target()).isEqualTo(TargetRef.statefulSet(namespace, name));
        assertThatThrownBy(() -> parser.trigger(json("{\"target\":\"" + namespace + "/" + name + "x\",\"action\":"
                        + "\"hold\",\"ttl_seconds\":60,\"reason\":\"freeze\",\"source\":\"ci\"}")))
                .isInstanceOf(BadRequestException.class)
                .hasMessageContaining("name '" + name + "x' is 254 characters long; at most 253 are allowed");
        assertThatThrownBy(() -> parser.trigger(json("{\"target\":\"" + "x".repeat(100_000) + "\",\"action\":"
                        + "\"hold\",\"ttl_seconds\":60,\"reason\":\"freeze\",\"source\":\"ci\"}")))
                .isInstanceOf(BadRequestException.class)
                .hasMessageStartingWith("target is 100000 characters long; at most ");
    }

    @Test
    void aReasonOfOnlyInvisibleFormatCharactersIsBlank() {
        // zero-width space, zero-width joiner, word joiner, byte order mark, soft hyphen: a reason nobody can read
        String invisible = "\\u200b\\u200d\\u2060\\ufeff\\u00ad";

        assertThatThrownBy(() -> parser.trigger(json("{\"target\":\"shop/web\",\"action\":\"hold\",\"ttl_seconds\":60,"
                        + "\"reason\":\"" + invisible + "\",\"source\":\"ci\"}")))
                .isInstanceOf(BadRequestException.class)
                .hasMessage("reason must not be blank");
        assertThat(parser.trigger(json("{\"target\":\"shop/web\",\"action\":\"hold\",\"ttl_seconds\":60,"
                                + "\"reason\":\"" + invisible + "freeze\",\"source\":\"ci\"}"))
                        .details()
                        .reason())
                .endsWith("freeze");
    }

    @Test
    void namesTheNestedFieldOfAWrongType() {
        assertThatThrownBy(() -> parser.webhook(
                        json("{\"version\":\"4\",\"alerts\":[{\"status\":\"firing\","
                                + "\"labels\":{\"a\":\"b\"},\"startsAt\":17,\"fingerprint\":\"f\"}]}"),
                        NOW))
                .isInstanceOf(BadRequestException.class)
                .hasMessage("alerts[0].startsAt has the wrong type: expected a string")
                .extracting(e -> ((BadRequestException) e).field())
                .isEqualTo("alerts[0].startsAt");
    }

    @Test
    void refusesATimeFarAfterTheReceiveTimeButAllowsClockSkew() {
        String firing = new String(Payloads.captured(Payloads.FIRING), StandardCharsets.UTF_8);
        Instant started = Instant.parse("2026-11-28T05:41:02Z");

        assertThat(parser.webhook(json(firing), started.minusSeconds(3600)).alerts())
                .hasSize(1);
        assertThatThrownBy(() -> parser.webhook(
                        json(firing), started.minus(PayloadLimits.MAX_FUTURE).minusSeconds(1)))
                .isInstanceOf(BadRequestException.class)
                .hasMessageStartingWith(
                        "alerts[0].startsAt is 2026-11-28T05:41:02Z, more than 24 h after the receive " + "time");
    }

    @Test
    void refusesOnlyTheAlertOutOfBoundsAndKeepsTheRestOfItsGroup() {
        String group = new String(Payloads.captured(Payloads.GROUP_OF_FOUR), StandardCharsets.UTF_8)
                .replace("\"instance\":\"10.0.0.7:9100\"", "\"instance\":\"" + "i".repeat(4097) + "\"")
                .replace("\"fingerprint\":\"72084c0472d0799c\"", "\"fingerprint\":\"not-hex\"");

        PayloadParser.Webhook hook = parser.webhook(json(group), NOW);

        assertThat(hook.alerts())
                .extracting(AlertDetails::fingerprint)
                .containsExactly("b9217a84bf1e8f41", "161bd8c8d7de50e6");
        assertThat(hook.refused())
                .extracting(PayloadParser.Refused::index, PayloadParser.Refused::field)
                .containsExactly(Tuple.tuple(0, "alerts[0].labels.instance"), Tuple.tuple(2, "alerts[2].fingerprint"));
        assertThat(hook.refused().get(0).error())
                .isEqualTo("alerts[0].labels.instance is 4097 characters long; at most 4096 are accepted");
        assertThat(hook.cut()).isEmpty();
    }

    @Test
    void refusesTheWebhookWhenEveryAlertIsRefusedNamingTheFirst() {
        String group = new String(Payloads.captured(Payloads.GROUP_OF_FOUR), StandardCharsets.UTF_8)
                .replace("\"status\":\"firing\",\"labels\"", "\"status\":\"burning\",\"labels\"");

        assertThatThrownBy(() -> parser.webhook(json(group), NOW))
                .isInstanceOf(BadRequestException.class)
                .hasMessage("alerts[0].status must be \"firing\" or \"resolved\", was \"burning\" "
                        + "(all 4 alerts were refused; this is the first)")
                .extracting(e -> ((BadRequestException) e).field())
                .isEqualTo("alerts[0].status");
    }

    @Test
    void cutsAnAnnotationOverItsBoundInsteadOfLosingTheAlert() {
        // an emoji (a surrogate pair) right where the cut falls must not be split
        String description = "d".repeat(16_338) + "\uD83D\uDE80" + "d".repeat(4_000);
        String body = new String(Payloads.captured(Payloads.FIRING), StandardCharsets.UTF_8)
                .replace("\"summary\":\"p99 latency above 500ms\"", "\"summary\":\"" + description + "\"");

        PayloadParser.Webhook hook = parser.webhook(json(body), NOW);

        String summary = hook.alerts().get(0).annotations().get("summary");
        assertThat(hook.refused()).isEmpty();
        assertThat(hook.cut()).containsExactly("alerts[0].annotations.summary");
        assertThat(summary).hasSizeLessThanOrEqualTo(PayloadLimits.MAX_ANNOTATION_VALUE);
        assertThat(summary)
                .isEqualTo("d".repeat(16_338) + "... [cut by Scaligator from 20340 characters]")
                .doesNotContain("\uD83D");
    }

    /**
     * Alertmanager builds the group key from the group's labels, and a generator URL carries the rule's PromQL: long
     * ones are cut, not the group (or the rule's alerts) refused.
     */
    @Test
    void cutsAGroupKeyAndAGeneratorUrlOverTheirBounds() {
        String key = "{}:{instance=\\\"" + "i".repeat(9_000) + "\\\"}";
        String group = new String(Payloads.captured(Payloads.GROUP_OF_FOUR), StandardCharsets.UTF_8)
                .replace("{}:{alertname=\\\"QueueBacklog\\\"}", key)
                .replace("g0.expr=backlog", "g0.expr=" + "b".repeat(9_000));

        PayloadParser.Webhook hook = parser.webhook(json(group), NOW);

        assertThat(hook.alerts()).hasSize(4);
        assertThat(hook.cut())
                .containsExactly(
                        "groupKey",
                        "alerts[0].generatorURL",
                        "alerts[1].generatorURL",
                        "alerts[2].generatorURL",
                        "alerts[3].generatorURL");
        assertThat(hook.alerts().get(0).generatorUrl())
                .hasSize(PayloadLimits.MAX_URL)
                .startsWith("http://prometheus.example:9090/graph?g0.expr=bbb");
        // {}:{instance="..."}: 14 + 9,000 + 2 characters
        assertThat(hook.groupKey())
                .hasSize(PayloadLimits.MAX_GROUP_KEY)
                .endsWith("... [cut by Scaligator from 9016 characters]");
        assertThat(hook.alerts())
                .allSatisfy(alert -> assertThat(alert.groupKey()).isEqualTo(hook.groupKey()));
    }

    @Test
    void readsTheFirstThousandAlertsOfALargerGroupAndCountsTheRest() {
        String alert = new String(Payloads.captured(Payloads.FIRING), StandardCharsets.UTF_8);
        String one = alert.substring(alert.indexOf("\"alerts\":[") + 10, alert.lastIndexOf(']'));
        List<String> alerts = new java.util.ArrayList<>();
        for (int i = 0; i < PayloadLimits.MAX_ALERTS + 3; i++) {
            alerts.add(one.replace("bbbaff063d2d2d80", String.format("%016x", i)));
        }
        String body = alert.replace(one, String.join(",", alerts));

        PayloadParser.Webhook hook = parser.webhook(json(body), NOW);

        assertThat(hook.alerts()).hasSize(PayloadLimits.MAX_ALERTS);
        assertThat(hook.alerts().get(PayloadLimits.MAX_ALERTS - 1).fingerprint())
                .isEqualTo("00000000000003e7");
        assertThat(hook.notRead()).isEqualTo(3);
        assertThat(hook.refused()).isEmpty();
    }

    @Test
    void leavesAnAnnotationAtItsBoundWhole() {
        String description = "d".repeat(PayloadLimits.MAX_ANNOTATION_VALUE);
        String body = new String(Payloads.captured(Payloads.FIRING), StandardCharsets.UTF_8)
                .replace("\"summary\":\"p99 latency above 500ms\"", "\"summary\":\"" + description + "\"");

        PayloadParser.Webhook hook = parser.webhook(json(body), NOW);

        assertThat(hook.alerts().get(0).annotations()).containsEntry("summary", description);
        assertThat(hook.cut()).isEmpty();
    }

    private static byte[] json(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
