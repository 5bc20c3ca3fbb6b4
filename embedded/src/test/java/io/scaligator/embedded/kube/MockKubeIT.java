package io.scaligator.embedded.kube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.autoscaling.v1.Scale;
import io.fabric8.kubernetes.api.model.autoscaling.v1.ScaleBuilder;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.RollableScalableResource;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class MockKubeIT {
    private static final PatchContext MERGE_PATCH = PatchContext.of(PatchType.JSON_MERGE);

    private static MockKube kube;
    private static KubernetesClient client;
    private static KubeFixtures fixtures;

    @BeforeAll
    static void startServer() {
        kube = MockKube.start();
        client = kube.client();
        fixtures = kube.fixtures();
    }

    @AfterAll
    static void stopServer() {
        kube.close();
    }

    @Test
    void deploymentFixtureIsStoredWithSelectorTemplateLabelsAndAnnotations() {
        fixtures.deployment(Workload.of("fixtures", "web", 3)
                .withLabel("team", "shop")
                .withAnnotation("scaligator.io/max-replicas", "10"));

        Deployment read = client.apps()
                .deployments()
                .inNamespace("fixtures")
                .withName("web")
                .get();

        assertThat(read.getSpec().getReplicas()).isEqualTo(3);
        assertThat(read.getMetadata().getLabels()).containsEntry("team", "shop");
        assertThat(read.getMetadata().getAnnotations()).containsEntry("scaligator.io/max-replicas", "10");
        assertThat(read.getMetadata().getUid()).isNotBlank();
        assertThat(read.getSpec().getSelector().getMatchLabels()).isEqualTo(Map.of("app", "web"));
        assertThat(read.getSpec().getTemplate().getMetadata().getLabels()).containsEntry("app", "web");
        assertThat(read.getSpec().getTemplate().getSpec().getContainers()).hasSize(1);
        assertThat(read.getStatus()).as("the mock runs no controller").isNull();
    }

    @Test
    void statefulSetFixtureIsStoredWithServiceNameAndSelector() {
        fixtures.statefulSet(Workload.of("fixtures", "db", 2).withAnnotation("scaligator.io/paused", "true"));

        StatefulSet read = client.apps()
                .statefulSets()
                .inNamespace("fixtures")
                .withName("db")
                .get();

        assertThat(read.getSpec().getReplicas()).isEqualTo(2);
        assertThat(read.getSpec().getServiceName()).isEqualTo("db");
        assertThat(read.getSpec().getSelector().getMatchLabels()).isEqualTo(Map.of("app", "db"));
        assertThat(read.getMetadata().getAnnotations()).containsEntry("scaligator.io/paused", "true");
    }

    @Test
    void deploymentPodIsOwnedByReplicaSetOwnedByDeployment() {
        Deployment deployment = fixtures.deployment(Workload.of("owners", "api", 2));
        fixtures.deploymentPod(deployment, "aaaaa");
        Pod pod = fixtures.deploymentPod(deployment, "bbbbb");

        OwnerReference podOwner = client.pods()
                .inNamespace("owners")
                .withName(pod.getMetadata().getName())
                .get()
                .getMetadata()
                .getOwnerReferences()
                .get(0);
        ReplicaSet replicaSet = client.apps()
                .replicaSets()
                .inNamespace("owners")
                .withName(podOwner.getName())
                .get();
        OwnerReference replicaSetOwner =
                replicaSet.getMetadata().getOwnerReferences().get(0);

        assertThat(podOwner.getKind()).isEqualTo("ReplicaSet");
        assertThat(podOwner.getController()).isTrue();
        assertThat(podOwner.getUid()).isEqualTo(replicaSet.getMetadata().getUid());
        assertThat(replicaSetOwner.getKind()).isEqualTo("Deployment");
        assertThat(replicaSetOwner.getName()).isEqualTo("api");
        assertThat(replicaSetOwner.getUid()).isEqualTo(deployment.getMetadata().getUid());
        assertThat(client.apps().replicaSets().inNamespace("owners").list().getItems())
                .hasSize(1);
        assertThat(client.pods()
                        .inNamespace("owners")
                        .withLabel("app", "api")
                        .list()
                        .getItems())
                .hasSize(2);
    }

    @Test
    void statefulSetPodIsOwnedByStatefulSet() {
        StatefulSet statefulSet = fixtures.statefulSet(Workload.of("owners", "kafka", 3));

        Pod pod = fixtures.statefulSetPod(statefulSet, 1);

        OwnerReference owner = pod.getMetadata().getOwnerReferences().get(0);
        assertThat(pod.getMetadata().getName()).isEqualTo("kafka-1");
        assertThat(owner.getKind()).isEqualTo("StatefulSet");
        assertThat(owner.getApiVersion()).isEqualTo("apps/v1");
        assertThat(owner.getUid()).isEqualTo(statefulSet.getMetadata().getUid());
    }

    @Test
    void hpaTargetsTheWorkload() {
        fixtures.deployment(Workload.of("hpa", "web", 2));
        fixtures.hpa("hpa", "web", "Deployment", "web", 2, 8);

        HorizontalPodAutoscaler read = client.autoscaling()
                .v2()
                .horizontalPodAutoscalers()
                .inNamespace("hpa")
                .withName("web")
                .get();

        assertThat(read.getSpec().getScaleTargetRef().getKind()).isEqualTo("Deployment");
        assertThat(read.getSpec().getScaleTargetRef().getName()).isEqualTo("web");
        assertThat(read.getSpec().getMinReplicas()).isEqualTo(2);
        assertThat(read.getSpec().getMaxReplicas()).isEqualTo(8);
    }

    @Test
    void statusHelpersWriteReadyReplicasAndLeaveSpecAlone() {
        fixtures.deployment(Workload.of("status", "web", 4));
        fixtures.statefulSet(Workload.of("status", "db", 3));

        fixtures.deploymentStatus("status", "web", 4, 1);
        fixtures.statefulSetStatus("status", "db", 3, 2);

        Deployment deployment = client.apps()
                .deployments()
                .inNamespace("status")
                .withName("web")
                .get();
        StatefulSet statefulSet = client.apps()
                .statefulSets()
                .inNamespace("status")
                .withName("db")
                .get();
        assertThat(deployment.getStatus().getReadyReplicas()).isEqualTo(1);
        assertThat(deployment.getStatus().getReplicas()).isEqualTo(4);
        assertThat(deployment.getSpec().getReplicas()).isEqualTo(4);
        assertThat(statefulSet.getStatus().getReadyReplicas()).isEqualTo(2);
        assertThat(statefulSet.getSpec().getReplicas()).isEqualTo(3);
    }

    @Test
    void scaleGetAnswersSpecReplicasAndResourceVersion() {
        fixtures.deployment(Workload.of("scale", "get", 2));
        fixtures.deploymentStatus("scale", "get", 2, 2);

        Scale scale = deployment("scale", "get").scale();

        assertThat(scale.getSpec().getReplicas()).isEqualTo(2);
        assertThat(scale.getStatus().getReplicas()).isEqualTo(2);
        assertThat(scale.getMetadata().getResourceVersion())
                .isEqualTo(deployment("scale", "get").get().getMetadata().getResourceVersion());
        assertThat(scale.getKind())
                .as("the mock answers the whole workload, not an autoscaling/v1 Scale")
                .isEqualTo("Deployment");
    }

    @Test
    void clientScaleChangesReplicasOfDeploymentsAndStatefulSets() {
        fixtures.deployment(Workload.of("scale", "client", 2));
        fixtures.statefulSet(Workload.of("scale", "client-db", 1));

        deployment("scale", "client").scale(5);
        client.apps().statefulSets().inNamespace("scale").withName("client-db").scale(3);

        Deployment deployment = deployment("scale", "client").get();
        assertThat(deployment.getSpec().getReplicas()).isEqualTo(5);
        assertThat(deployment.getSpec().getTemplate())
                .as("the rest of the spec survives")
                .isNotNull();
        assertThat(client.apps()
                        .statefulSets()
                        .inNamespace("scale")
                        .withName("client-db")
                        .get()
                        .getSpec()
                        .getReplicas())
                .isEqualTo(3);
    }

    @Test
    void mergePatchOnScaleChangesReplicasAndRejectsStaleResourceVersion() {
        fixtures.deployment(Workload.of("scale", "patch", 2));
        String resourceVersion =
                deployment("scale", "patch").scale().getMetadata().getResourceVersion();

        deployment("scale", "patch")
                .subresource("scale")
                .patch(
                        MERGE_PATCH,
                        "{\"metadata\":{\"resourceVersion\":\"" + resourceVersion + "\"},\"spec\":{\"replicas\":6}}");

        assertThat(deployment("scale", "patch").get().getSpec().getReplicas()).isEqualTo(6);
        assertThatThrownBy(() -> deployment("scale", "patch")
                        .subresource("scale")
                        .patch(
                                MERGE_PATCH,
                                "{\"metadata\":{\"resourceVersion\":\"" + resourceVersion
                                        + "\"},\"spec\":{\"replicas\":9}}"))
                .isInstanceOfSatisfying(KubernetesClientException.class, e -> assertThat(e.getCode())
                        .isEqualTo(409));
        assertThat(deployment("scale", "patch").get().getSpec().getReplicas()).isEqualTo(6);
    }

    @Test
    void putOfABareScaleObjectReplacesTheWholeWorkloadInTheMock() {
        fixtures.deployment(Workload.of("scale", "bare", 2));
        Scale bare = new ScaleBuilder()
                .withNewMetadata()
                .withNamespace("scale")
                .withName("bare")
                .endMetadata()
                .withNewSpec()
                .withReplicas(4)
                .endSpec()
                .build();

        deployment("scale", "bare").scale(bare);

        assertThat(deployment("scale", "bare").get())
                .as("a real API server would keep the Deployment; the CRUD mock stores the Scale in its place")
                .isNull();
    }

    @Test
    void strategicMergePatchIsRejected() {
        fixtures.deployment(Workload.of("scale", "smp", 2));

        assertThatThrownBy(() -> deployment("scale", "smp")
                        .patch(PatchContext.of(PatchType.STRATEGIC_MERGE), "{\"spec\":{\"replicas\":4}}"))
                .isInstanceOfSatisfying(KubernetesClientException.class, e -> assertThat(e.getCode())
                        .isEqualTo(415));
    }

    private static RollableScalableResource<Deployment> deployment(String namespace, String name) {
        return client.apps().deployments().inNamespace(namespace).withName(name);
    }

    @Test
    void unrecordedServerForgetsTheRequestsItServedWhileTheRecordingOneKeepsThem() throws InterruptedException {
        try (MockKube unrecorded = MockKube.startUnrecorded()) {
            for (MockKube server : List.of(kube, unrecorded)) {
                server.fixtures().deployment(Workload.of("recorded", "web", 1));
                for (int i = 0; i < 20; i++) {
                    assertThat(server.client()
                                    .apps()
                                    .deployments()
                                    .inNamespace("recorded")
                                    .withName("web")
                                    .get())
                            .isNotNull();
                }
            }

            await().atMost(Duration.ofSeconds(10))
                    .until(() -> unrecorded.server().getRequestCount() == 0);
            assertThat(unrecorded.server().takeRequest(10, TimeUnit.MILLISECONDS))
                    .isNull();
            assertThat(kube.server().getRequestCount())
                    .as("the recording server keeps its record")
                    .isGreaterThanOrEqualTo(21);
            assertThat(kube.server().takeRequest(10, TimeUnit.MILLISECONDS)).isNotNull();
        }
    }

    @Test
    void informersInAJvmRunningTheMockAskForADayLongWatchInsteadOfRenewingItEveryFiveToTenMinutes() throws Exception {
        try (MockKube own = MockKube.start();
                SharedIndexInformer<Deployment> informer = own.client()
                        .apps()
                        .deployments()
                        .inNamespace("informed")
                        .inform()) {
            await().atMost(Duration.ofSeconds(10)).until(informer::hasSynced);

            RecordedRequest watch = null;
            for (RecordedRequest request = own.server().takeRequest(5, TimeUnit.SECONDS);
                    watch == null && request != null;
                    request = own.server().takeRequest(5, TimeUnit.SECONDS)) {
                watch = request.getPath().contains("watch=true") ? request : null;
            }

            assertThat(watch).as("the informer's watch request").isNotNull();
            assertThat(watch.getPath()).contains("timeoutSeconds=" + 2 * TimeUnit.DAYS.toSeconds(1));
        }
    }
}
