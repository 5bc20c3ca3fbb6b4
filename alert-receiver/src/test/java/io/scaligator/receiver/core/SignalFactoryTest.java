package io.scaligator.receiver.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.scaligator.common.event.AlertDetails;
import io.scaligator.common.event.AlertSignal;
import io.scaligator.common.event.TriggerDetails;
import io.scaligator.common.event.TriggerDetails.TriggerAction;
import io.scaligator.common.target.NamespaceScope;
import io.scaligator.common.target.TargetRef;
import io.scaligator.common.util.Sha256;
import io.scaligator.receiver.Payloads;
import io.scaligator.receiver.payload.PayloadParser;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SignalFactoryTest {

    private static final Instant RECEIVED = Instant.parse("2026-11-28T06:00:00Z");

    private final List<String> podLookups = new ArrayList<>();
    // The owner is deliberately not derivable from the pod name: only the ownerReference lookup can find it.
    private final PodOwnerResolver pods = (ns, pod) -> {
        podLookups.add(ns + "/" + pod);
        return pod.equals("worker-7d9f8b6c5d-x2k4q")
                ? new PodOwnerResolver.Owned(TargetRef.deployment(ns, "queue-consumer"))
                : new PodOwnerResolver.Failed("pod not found");
    };
    private final SignalFactory factory = new SignalFactory(
            new TargetMapper(pods), new NamespaceScope(List.of("shop", "dev"), "scaligator", List.of()));
    private final PayloadParser parser = new PayloadParser();

    @Test
    void mapsEachAlertOfTheCapturedGroupAndKeepsTheUnmappableOne() {
        List<AlertSignal> signals = factory.alerts(
                parser.webhook(Payloads.captured(Payloads.GROUP_OF_FOUR), RECEIVED)
                        .alerts(),
                RECEIVED);

        assertThat(signals)
                .extracting(AlertSignal::key)
                .containsExactly(
                        "_unmapped",
                        "shop/StatefulSet/orders-db",
                        "shop/Deployment/queue-consumer",
                        "payments/Deployment/ledger");
        assertThat(signals.get(0).unmappedReason()).isEqualTo("no scaligator_target label and no namespace label");
        assertThat(signals.get(3).allowed()).isFalse();
        assertThat(signals.get(3).notAllowedReason()).contains("payments", "watch_namespaces");
        assertThat(signals).allMatch(s -> s.receivedAt().equals(RECEIVED) && s.kind() == AlertSignal.SignalKind.ALERT);
        assertThat(podLookups).containsExactly("shop/worker-7d9f8b6c5d-x2k4q");
    }

    @Test
    void givesFiringAndResolvedOfOneAlertDifferentIdsAndRetriesTheSameId() {
        AlertDetails firing = parser.webhook(Payloads.captured(Payloads.FIRING), RECEIVED)
                .alerts()
                .get(0);
        AlertDetails resolved = parser.webhook(Payloads.captured(Payloads.RESOLVED), RECEIVED)
                .alerts()
                .get(0);

        String firingId = factory.alerts(List.of(firing), RECEIVED).get(0).id();
        String retryId =
                factory.alerts(List.of(firing), RECEIVED.plusSeconds(30)).get(0).id();
        String resolvedId = factory.alerts(List.of(resolved), RECEIVED).get(0).id();

        assertThat(firingId).isEqualTo(retryId).startsWith("al-").hasSize(3 + 64);
        assertThat(resolvedId).isNotEqualTo(firingId);
        // pinned: a change of the id scheme would silently break deduplication downstream
        assertThat(firingId)
                .isEqualTo(SignalIds.alertId(firing))
                .isEqualTo("al-" + Sha256.hex("bbbaff063d2d2d80\nFIRING\n2026-11-28T05:41:02Z"));
    }

    @Test
    void followsTheMappingOrderExplicitLabelFirst() {
        assertThat(map(Map.of("scaligator_target", "dev/web", "namespace", "shop", "deployment", "api")))
                .isEqualTo("dev/Deployment/web");
        assertThat(map(Map.of("namespace", "shop", "deployment", "api", "statefulset", "db", "pod", "p")))
                .isEqualTo("shop/Deployment/api");
        assertThat(map(Map.of("namespace", "shop", "statefulset", "db", "pod", "p")))
                .isEqualTo("shop/StatefulSet/db");
        assertThat(map(Map.of("namespace", "shop", "pod", "worker-7d9f8b6c5d-x2k4q")))
                .isEqualTo("shop/Deployment/queue-consumer");
    }

    @Test
    void recordsWhyAnAlertCouldNotBeMapped() {
        assertThat(reason(Map.of("scaligator_target", "shop/CronJob/x")))
                .startsWith("label scaligator_target is invalid")
                .contains("CronJob");
        assertThat(reason(Map.of("namespace", "shop"))).contains("no deployment, statefulset or pod label");
        assertThat(reason(Map.of("namespace", "shop", "deployment", "Not_A_Name")))
                .contains("Not_A_Name");
        assertThat(reason(Map.of("namespace", "shop", "pod", "gone-1")))
                .isEqualTo("pod shop/gone-1 could not be resolved: pod not found");
    }

    @Test
    void looksUpPodsOnlyInAllowedNamespacesAndWithValidNames() {
        assertThat(reason(Map.of("namespace", "payments", "pod", "worker-7d9f8b6c5d-x2k4q")))
                .isEqualTo(
                        "pod payments/worker-7d9f8b6c5d-x2k4q not looked up: namespace payments is not in watch_namespaces "
                                + "[dev, shop]");
        assertThat(reason(Map.of("namespace", "scaligator", "pod", "engine-0")))
                .contains("not looked up", "Scaligator's own namespace");
        assertThat(reason(Map.of("namespace", "shop", "pod", "../../etc/passwd")))
                .startsWith(
                        "labels namespace and pod name no valid pod: name '../../etc/passwd' is not a DNS-1123 subdomain");
        assertThat(reason(Map.of("namespace", "shop", "pod", "p".repeat(254)))).contains("254 characters long");

        assertThat(podLookups).isEmpty();
    }

    @Test
    void spendsAtMostTheRequestsLookupBudgetOnPods() {
        List<AlertDetails> alerts = new ArrayList<>();
        for (int i = 0; i < SignalFactory.POD_LOOKUPS_PER_REQUEST + 10; i++) {
            alerts.add(alert(Map.of("alertname", "Test", "namespace", "shop", "pod", "gone-" + i)));
        }

        List<AlertSignal> signals = factory.alerts(alerts, RECEIVED);

        assertThat(podLookups).hasSize(SignalFactory.POD_LOOKUPS_PER_REQUEST);
        assertThat(signals.get(signals.size() - 1).unmappedReason())
                .isEqualTo("pod shop/gone-41 could not be "
                        + "resolved: not looked up: this request already used its 32 pod lookups");
        assertThat(factory.alerts(alerts.subList(0, 1), RECEIVED))
                .as("the next request has its own budget")
                .extracting(AlertSignal::unmappedReason)
                .containsExactly("pod shop/gone-0 could not be resolved: pod " + "not found");
    }

    @Test
    void marksSignalsForScaligatorsOwnNamespaceNotAllowed() {
        AlertSignal signal = factory.trigger(
                null,
                TargetRef.deployment("scaligator", "engine"),
                new TriggerDetails(TriggerAction.HOLD, null, null, 60, "test", "ci"),
                RECEIVED);

        assertThat(signal.allowed()).isFalse();
        assertThat(signal.notAllowedReason()).contains("Scaligator's own namespace");
    }

    @Test
    void derivesTriggerIdsFromTheCallersIdOrFromTheRequestAndItsReceiveTime() {
        TriggerDetails details = new TriggerDetails(TriggerAction.SCALE_TO, 4, null, 60, "sale", "ci");
        TargetRef web = TargetRef.deployment("shop", "web");

        assertThat(factory.trigger("run-1", web, details, RECEIVED).id())
                .isEqualTo(factory.trigger("run-1", web, details, RECEIVED.plusSeconds(5))
                        .id())
                .isNotEqualTo(factory.trigger("run-2", web, details, RECEIVED).id());
        assertThat(factory.trigger(null, web, details, RECEIVED).id())
                .isEqualTo(factory.trigger(null, web, details, RECEIVED).id())
                .isNotEqualTo(factory.trigger(null, web, details, RECEIVED.plusMillis(1))
                        .id())
                .startsWith("tr-");
    }

    @Test
    void aCallerIdReusedForAnotherTriggerGivesThatTriggerItsOwnId() {
        // A CI job that sends every call of one pipeline run with the run's id: the scale_to, then the cancel naming
        // it.
        TargetRef web = TargetRef.deployment("shop", "web");
        TriggerDetails scaleTo = new TriggerDetails(TriggerAction.SCALE_TO, 5, null, 900, "load test", "ci");
        String scaleToId =
                factory.trigger("pipeline-4711", web, scaleTo, RECEIVED).id();
        TriggerDetails cancel =
                new TriggerDetails(TriggerAction.CANCEL, null, null, 1, "load test done", "ci", scaleToId);

        // The engine ignores a trigger whose id it has seen: the cancel must not carry the id of what it cancels.
        assertThat(factory.trigger("pipeline-4711", web, cancel, RECEIVED.plusSeconds(60))
                        .id())
                .startsWith("tr-")
                .isNotEqualTo(scaleToId);
        assertThat(factory.trigger(
                                "pipeline-4711",
                                web,
                                new TriggerDetails(TriggerAction.SCALE_TO, 8, null, 900, "load test", "ci"),
                                RECEIVED)
                        .id())
                .isNotEqualTo(scaleToId);
        assertThat(factory.trigger("pipeline-4711", TargetRef.deployment("shop", "api"), scaleTo, RECEIVED)
                        .id())
                .isNotEqualTo(scaleToId);
        // a retry of the same trigger still keeps its id
        assertThat(factory.trigger("pipeline-4711", web, scaleTo, RECEIVED.plusSeconds(5))
                        .id())
                .isEqualTo(scaleToId);
    }

    private String map(Map<String, String> labels) {
        return signal(labels).key();
    }

    private String reason(Map<String, String> labels) {
        AlertSignal signal = signal(labels);
        assertThat(signal.key()).isEqualTo("_unmapped");
        return signal.unmappedReason();
    }

    private AlertSignal signal(Map<String, String> labels) {
        Map<String, String> all = new HashMap<>(labels);
        all.put("alertname", "Test");
        return factory.alerts(List.of(alert(all)), RECEIVED).get(0);
    }

    private static AlertDetails alert(Map<String, String> labels) {
        return new AlertDetails(
                "Test", AlertDetails.AlertStatus.FIRING, "f1", RECEIVED, null, labels, Map.of(), null, "r", "g");
    }
}
