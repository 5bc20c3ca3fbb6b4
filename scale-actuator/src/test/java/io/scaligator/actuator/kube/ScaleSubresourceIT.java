package io.scaligator.actuator.kube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.scaligator.actuator.policy.WorkloadState;
import io.scaligator.common.target.Annotations;
import io.scaligator.common.target.Kind;
import io.scaligator.common.target.TargetRef;
import io.scaligator.embedded.kube.MockKube;
import io.scaligator.embedded.kube.Workload;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A configured custom kind (an Argo Rollout on a CRD with a /scale subresource) read and scaled through /scale,
 * and KEDA ScaledObjects found as the other autoscaler of a workload, against the CRUD mock API.
 */
class ScaleSubresourceIT {

    static final Kind ROLLOUT = new Kind("argoproj.io", "v1alpha1", "Rollout", "rollouts");
    private static final String NS = "apps";
    private static final TargetRef CANARY = new TargetRef(NS, ROLLOUT, "canary");
    private static final TargetRef WEB = TargetRef.deployment(NS, "web");

    private MockKube kube;
    private Fabric8WorkloadScaler scaler;

    @BeforeEach
    void start() {
        Kind.register(List.of(ROLLOUT));
        kube = MockKube.start();
        kube.fixtures().scalableCrd("argoproj.io", "v1alpha1", "Rollout", "rollouts");
        kube.fixtures().customResource("argoproj.io/v1alpha1", "Rollout", Workload.of(NS, "canary", 2));
        kube.fixtures().deployment(Workload.of(NS, "web", 2));
        scaler = Fabric8WorkloadScaler.start(kube.client(), List.of(NS));
        await().atMost(Duration.ofSeconds(20)).until(scaler::cacheSynced);
    }

    @AfterEach
    void stop() {
        scaler.close();
        kube.close();
    }

    @Test
    void aCustomKindIsReadAndScaledThroughItsScaleSubresourceAndRecordsTheCommand() throws Exception {
        WorkloadState before = scaler.read(CANARY);
        assertThat(before.replicas()).isEqualTo(2);
        assertThat(before.otherAutoscaler()).isNull();
        kube.requestsSinceLastCall();

        scaler.apply(CANARY, ScalePatch.of(before.resourceVersion(), 5, "c-rollout", Instant.now(), List.of()));

        assertThat(kube.requestsSinceLastCall())
                .extracting(r -> r.getMethod() + " " + r.getPath())
                .containsExactly(
                        "PATCH /apis/argoproj.io/v1alpha1/namespaces/apps/rollouts/canary/scale",
                        "PATCH /apis/argoproj.io/v1alpha1/namespaces/apps/rollouts/canary");
        GenericKubernetesResource canary = rollout();
        assertThat(((Map<?, ?>) canary.getAdditionalProperties().get("spec")).get("replicas"))
                .isEqualTo(5);
        assertThat(canary.getMetadata().getAnnotations()).containsEntry(Annotations.LAST_COMMAND_ID, "c-rollout");
        WorkloadState after = scaler.read(CANARY);
        assertThat(after.replicas()).isEqualTo(5);
        assertThat(after.lastCommandId()).isEqualTo("c-rollout");
        assertThat(after.resourceVersion()).isEqualTo(canary.getMetadata().getResourceVersion());
    }

    @Test
    void aScaleOnAStaleResourceVersionOfACustomKindIsAConflictAndChangesNothing() {
        WorkloadState read = scaler.read(CANARY);
        kube.client()
                .genericKubernetesResources("argoproj.io/v1alpha1", "Rollout")
                .inNamespace(NS)
                .withName("canary")
                .edit(r -> {
                    r.setAdditionalProperty("spec", Map.of("replicas", 7));
                    return r;
                });

        assertThatThrownBy(() -> scaler.apply(
                        CANARY, ScalePatch.of(read.resourceVersion(), 3, "c-stale", Instant.now(), List.of())))
                .isInstanceOf(ConflictException.class);

        assertThat(scaler.read(CANARY).replicas()).isEqualTo(7);
        assertThat(rollout().getMetadata().getAnnotations()).doesNotContainKey(Annotations.LAST_COMMAND_ID);
    }

    @Test
    void aCustomResourceWithoutSpecReplicasReadsAsOneAsThePollerObservesItAndIsScaledFromThere() {
        // An Argo Rollout without spec.replicas runs 1 pod; the poller observes 1, so the engine decides from 1.
        GenericKubernetesResource bare = new GenericKubernetesResource();
        bare.setApiVersion("argoproj.io/v1alpha1");
        bare.setKind("Rollout");
        bare.setMetadata(
                new ObjectMetaBuilder().withNamespace(NS).withName("bare").build());
        bare.setAdditionalProperty("spec", Map.of("strategy", Map.of("canary", Map.of())));
        kube.client().resource(bare).create();
        TargetRef target = new TargetRef(NS, ROLLOUT, "bare");

        WorkloadState read = scaler.read(target);

        assertThat(read.replicas()).isEqualTo(1);
        scaler.apply(target, ScalePatch.of(read.resourceVersion(), 3, "c-bare", Instant.now(), List.of()));
        assertThat(scaler.read(target).replicas()).isEqualTo(3);
    }

    @Test
    void aCustomResourceScaledToZeroReadsAsZero() {
        kube.client()
                .genericKubernetesResources("argoproj.io/v1alpha1", "Rollout")
                .inNamespace(NS)
                .withName("canary")
                .edit(r -> {
                    r.setAdditionalProperty("spec", Map.of("replicas", 0));
                    return r;
                });

        assertThat(scaler.read(CANARY).replicas()).isZero();
    }

    @Test
    void aMissingCustomResourceReadsAsNull() {
        assertThat(scaler.read(new TargetRef(NS, ROLLOUT, "gone"))).isNull();
    }

    @Test
    void aKedaScaledObjectTargetingADeploymentByDefaultIsItsOtherAutoscaler() {
        kube.fixtures().scaledObject(NS, "web-so", null, "web");

        await().atMost(Duration.ofSeconds(10)).until(() -> scaler.read(WEB).otherAutoscaler() != null);

        assertThat(scaler.read(WEB).otherAutoscaler()).isEqualTo("keda ScaledObject apps/web-so");
    }

    @Test
    void aKedaScaledObjectTargetingACustomKindIsItsOtherAutoscaler() {
        kube.fixtures().scaledObject(NS, "canary-so", "Rollout", "canary");

        await().atMost(Duration.ofSeconds(10)).until(() -> scaler.read(CANARY).otherAutoscaler() != null);

        assertThat(scaler.read(CANARY).otherAutoscaler()).isEqualTo("keda ScaledObject apps/canary-so");
        assertThat(scaler.read(WEB).otherAutoscaler())
                .as("same name, other kind")
                .isNull();
    }

    @Test
    void aClusterWithoutKedaAnswers404AndNothingOwnsTheWorkload() {
        kube.fixtures().deployment(Workload.of("elsewhere", "batch", 4));
        kube.server()
                .expect()
                .get()
                .withPath("/apis/keda.sh/v1alpha1/namespaces/elsewhere/scaledobjects")
                .andReturn(404, Map.of("kind", "Status", "code", 404, "reason", "NotFound"))
                .always();

        WorkloadState uncached = scaler.read(TargetRef.deployment("elsewhere", "batch"));

        assertThat(uncached.replicas()).isEqualTo(4);
        assertThat(uncached.otherAutoscaler()).isNull();
    }

    @Test
    void theHpaKedaOwnsIsReportedAsItsScaledObject() {
        kube.fixtures().hpa(NS, "keda-hpa-web-so", "Deployment", "web", 1, 5);
        kube.client()
                .autoscaling()
                .v2()
                .horizontalPodAutoscalers()
                .inNamespace(NS)
                .withName("keda-hpa-web-so")
                .edit(hpa -> {
                    hpa.getMetadata()
                            .setOwnerReferences(List.of(new OwnerReferenceBuilder()
                                    .withApiVersion("keda.sh/v1alpha1")
                                    .withKind("ScaledObject")
                                    .withName("web-so")
                                    .withUid("so-uid")
                                    .withController(true)
                                    .build()));
                    return hpa;
                });

        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() ->
                        assertThat(scaler.read(WEB).otherAutoscaler()).isEqualTo("keda ScaledObject apps/web-so"));
    }

    private GenericKubernetesResource rollout() {
        return kube.client()
                .genericKubernetesResources("argoproj.io/v1alpha1", "Rollout")
                .inNamespace(NS)
                .withName("canary")
                .get();
    }
}
