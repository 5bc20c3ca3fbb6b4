package io.scaligator.receiver;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import io.scaligator.common.event.AlertDetails.AlertStatus;
import io.scaligator.common.event.AlertSignal;
import io.scaligator.common.serde.EventJson;
import io.scaligator.embedded.kube.MockKube;
import io.scaligator.embedded.kube.Workload;
import io.scaligator.receiver.core.CachingPodOwnerResolver;
import io.scaligator.receiver.kube.Fabric8PodOwnerResolver;
import io.scaligator.testkit.KafkaBrokerExtension;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The webhook bodies Alertmanager 0.25 really sent, through the receiver, read back from Kafka. */
class AlertmanagerPayloadsIT {

    @RegisterExtension
    static KafkaBrokerExtension kafka = new KafkaBrokerExtension();

    private static MockKube kube;
    private ReceiverHarness receiver;

    @BeforeAll
    static void start() {
        kube = MockKube.start();
        // The pod of the captured group, owned as the Deployment controller would own it.
        Deployment worker = kube.fixtures().deployment(Workload.of("shop", "worker", 2));
        ReplicaSet replicaSet = kube.client()
                .resource(new ReplicaSetBuilder()
                        .withNewMetadata()
                        .withNamespace("shop")
                        .withName("worker-7d9f8b6c5d")
                        .withOwnerReferences(new OwnerReferenceBuilder()
                                .withApiVersion("apps/v1")
                                .withKind("Deployment")
                                .withName("worker")
                                .withUid(worker.getMetadata().getUid())
                                .withController(true)
                                .build())
                        .endMetadata()
                        .build())
                .create();
        kube.client()
                .resource(new PodBuilder()
                        .withNewMetadata()
                        .withNamespace("shop")
                        .withName("worker-7d9f8b6c5d-x2k4q")
                        .withOwnerReferences(new OwnerReferenceBuilder()
                                .withApiVersion("apps/v1")
                                .withKind("ReplicaSet")
                                .withName("worker-7d9f8b6c5d")
                                .withUid(replicaSet.getMetadata().getUid())
                                .withController(true)
                                .build())
                        .endMetadata()
                        .build())
                .create();
    }

    /** A receiver of its own (and so a fresh topic) for every test. */
    @BeforeEach
    void startReceiver() {
        receiver = ReceiverHarness.start(
                kafka.bootstrapServers(),
                new CachingPodOwnerResolver(
                        new Fabric8PodOwnerResolver(kube.client()), 100, Duration.ofMinutes(10), Clock.systemUTC()));
    }

    @AfterEach
    void stopReceiver() {
        receiver.close();
    }

    @AfterAll
    static void stop() {
        kube.close();
    }

    @Test
    void capturedNotificationsBecomeSignalsWithTheirTargetsAndIds() throws Exception {
        List<String> answeredIds = new ArrayList<>();
        for (String payload : List.of(Payloads.FIRING, Payloads.RESOLVED, Payloads.GROUP_OF_FOUR)) {
            HttpResponse<String> response = receiver.post("/alerts", Payloads.captured(payload));
            assertThat(response.statusCode())
                    .as(payload + ": " + response.body())
                    .isEqualTo(200);
            EventJson.mapper().readTree(response.body()).get("ids").forEach(id -> answeredIds.add(id.asText()));
        }

        List<AlertSignal> signals = receiver.signals();

        assertThat(signals).extracting(AlertSignal::id).containsExactlyInAnyOrderElementsOf(answeredIds);
        AlertSignal firing = only(signals, "bbbaff063d2d2d80", AlertStatus.FIRING);
        AlertSignal resolved = only(signals, "bbbaff063d2d2d80", AlertStatus.RESOLVED);
        assertThat(firing.key()).isEqualTo(resolved.key()).isEqualTo("shop/Deployment/checkout");
        assertThat(firing.id()).isNotEqualTo(resolved.id()).startsWith("al-");
        assertThat(firing.allowed()).isTrue();
        assertThat(firing.alert().labels()).containsEntry("severity", "warning").containsEntry("job", "checkout");
        assertThat(resolved.alert().endsAt()).isNotNull();

        assertThat(only(signals, "9aa7d0444148d093", AlertStatus.FIRING).key()).isEqualTo("_unmapped");
        assertThat(only(signals, "b9217a84bf1e8f41", AlertStatus.FIRING).key()).isEqualTo("shop/StatefulSet/orders-db");
        assertThat(only(signals, "72084c0472d0799c", AlertStatus.FIRING).key()).isEqualTo("shop/Deployment/worker");
        AlertSignal ledger = only(signals, "161bd8c8d7de50e6", AlertStatus.FIRING);
        assertThat(ledger.key()).isEqualTo("payments/Deployment/ledger");
        assertThat(ledger.allowed()).isFalse();
        assertThat(ledger.alert().groupKey()).isEqualTo("{}:{alertname=\"QueueBacklog\"}");
    }

    @Test
    void aTriggerIsRecordedAndItsIdempotencyIdGivesTheSameRecordId() throws Exception {
        byte[] body = ("{\"id\":\"deploy-77\",\"target\":\"dev/Deployment/api\",\"action\":\"scale_to\",\"replicas\":5,"
                        + "\"ttl_seconds\":900,\"reason\":\"load test\",\"source\":\"ci\"}")
                .getBytes(StandardCharsets.UTF_8);

        HttpResponse<String> first = receiver.post("/v1/triggers", body);
        HttpResponse<String> retry = receiver.post("/v1/triggers", body);

        assertThat(first.statusCode()).as(first.body()).isEqualTo(202);
        JsonNode answer = EventJson.mapper().readTree(first.body());
        assertThat(answer.get("target").asText()).isEqualTo("dev/Deployment/api");
        assertThat(answer.get("allowed").asBoolean()).isTrue();
        assertThat(EventJson.mapper().readTree(retry.body()).get("id")).isEqualTo(answer.get("id"));
        List<AlertSignal> triggers = receiver.signals();
        assertThat(triggers)
                .hasSize(2)
                .allMatch(s -> s.id().equals(answer.get("id").asText()))
                .allSatisfy(s -> {
                    assertThat(s.kind()).isEqualTo(AlertSignal.SignalKind.TRIGGER);
                    assertThat(s.trigger().replicas()).isEqualTo(5);
                    assertThat(s.trigger().ttlSeconds()).isEqualTo(900);
                });
    }

    @Test
    void aCancelSentWithTheIdOfThePipelineRunItEndsIsRecordedUnderItsOwnId() throws Exception {
        String trigger = "{\"id\":\"pipeline-4711\",\"target\":\"dev/Deployment/api\",\"source\":\"ci\",";
        HttpResponse<String> scaleTo = receiver.post(
                "/v1/triggers",
                (trigger + "\"action\":\"scale_to\",\"replicas\":5,\"ttl_seconds\":900,\"reason\":\"load test\"}")
                        .getBytes(StandardCharsets.UTF_8));
        String scaleToId = EventJson.mapper().readTree(scaleTo.body()).get("id").asText();
        HttpResponse<String> cancel = receiver.post(
                "/v1/triggers",
                (trigger + "\"action\":\"cancel\",\"cancels\":\"" + scaleToId + "\",\"reason\":\"done\"}")
                        .getBytes(StandardCharsets.UTF_8));

        assertThat(scaleTo.statusCode()).as(scaleTo.body()).isEqualTo(202);
        assertThat(cancel.statusCode()).as(cancel.body()).isEqualTo(202);
        String cancelId = EventJson.mapper().readTree(cancel.body()).get("id").asText();
        // the engine drops a trigger whose id it has already seen, so the cancel needs an id of its own
        assertThat(cancelId).isNotEqualTo(scaleToId);
        List<AlertSignal> triggers = receiver.signals();
        assertThat(triggers).extracting(AlertSignal::id).containsExactly(scaleToId, cancelId);
        assertThat(triggers.get(1).trigger().cancels()).isEqualTo(scaleToId);
    }

    @Test
    void alertsAlertmanagerLeftOutAreCountedForTheOperator() {
        String cut = new String(Payloads.captured(Payloads.GROUP_OF_FOUR), StandardCharsets.UTF_8)
                .replace("\"truncatedAlerts\":0", "\"truncatedAlerts\":6");

        HttpResponse<String> response = receiver.post("/alerts", cut.getBytes(StandardCharsets.UTF_8));
        String metrics = receiver.send(
                        java.net.http.HttpRequest.newBuilder(java.net.URI.create(receiver.opsUrl("/metrics")))
                                .build())
                .body();

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(receiver.signals()).hasSize(4);
        assertThat(metrics).contains("scaligator_receiver_truncated_alerts_total{service=\"alert-receiver\"} 6.0");
    }

    @Test
    void opsEndpointsReportReadinessAndCountSignals() {
        receiver.post("/alerts", Payloads.captured(Payloads.GROUP_OF_FOUR));

        HttpResponse<String> ready =
                receiver.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(receiver.opsUrl("/readyz")))
                        .build());
        String metrics = receiver.send(
                        java.net.http.HttpRequest.newBuilder(java.net.URI.create(receiver.opsUrl("/metrics")))
                                .build())
                .body();

        assertThat(ready.statusCode()).as(ready.body()).isEqualTo(200);
        assertThat(metrics)
                .contains("scaligator_receiver_requests_total{endpoint=\"alerts\"")
                .contains("scaligator_receiver_signals_total{kind=\"alert\"")
                .contains("scaligator_receiver_unmapped_total")
                .contains("scaligator_receiver_not_allowed_total")
                .contains("scaligator_receiver_publish_seconds_bucket");
    }

    private static AlertSignal only(List<AlertSignal> signals, String fingerprint, AlertStatus status) {
        List<AlertSignal> matching = signals.stream()
                .filter(s -> s.alert() != null
                        && s.alert().fingerprint().equals(fingerprint)
                        && s.alert().status() == status)
                .toList();
        assertThat(matching).as(fingerprint + " " + status).hasSize(1);
        return matching.get(0);
    }
}
