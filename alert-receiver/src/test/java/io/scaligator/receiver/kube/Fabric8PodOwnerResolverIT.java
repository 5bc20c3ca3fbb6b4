package io.scaligator.receiver.kube;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.scaligator.common.target.Kind;
import io.scaligator.common.target.TargetRef;
import io.scaligator.embedded.kube.MockKube;
import io.scaligator.embedded.kube.Workload;
import io.scaligator.receiver.core.PodOwnerResolver;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class Fabric8PodOwnerResolverIT {

    private static MockKube kube;
    private static PodOwnerResolver resolver;

    @BeforeAll
    static void startApi() {
        kube = MockKube.start();
        resolver = new Fabric8PodOwnerResolver(kube.client());
    }

    @AfterAll
    static void stopApi() {
        kube.close();
    }

    @Test
    void followsPodToReplicaSetToDeployment() {
        Deployment web = kube.fixtures().deployment(Workload.of("shop", "web", 2));
        String pod = kube.fixtures().deploymentPod(web, "abcde").getMetadata().getName();

        assertThat(resolver.resolve("shop", pod))
                .isEqualTo(new PodOwnerResolver.Owned(TargetRef.deployment("shop", "web")));
    }

    @Test
    void followsPodToStatefulSet() {
        StatefulSet db = kube.fixtures().statefulSet(Workload.of("shop", "orders-db", 3));
        String pod = kube.fixtures().statefulSetPod(db, 2).getMetadata().getName();

        assertThat(resolver.resolve("shop", pod))
                .isEqualTo(new PodOwnerResolver.Owned(TargetRef.statefulSet("shop", "orders-db")));
    }

    @Test
    void followsPodToReplicaSetToAConfiguredCustomKind() {
        Kind rollout = new Kind("argoproj.io", "v1alpha1", "Rollout", "rollouts");
        Kind.register(List.of(rollout)); // what loading a config with this [[scalable_kinds]] entry does
        kube.fixtures().scalableCrd("argoproj.io", "v1alpha1", "Rollout", "rollouts");
        var canary =
                kube.fixtures().customResource("argoproj.io/v1alpha1", "Rollout", Workload.of("shop", "canary", 2));
        String pod =
                kube.fixtures().replicaSetPod(canary, 2, "r0ll0").getMetadata().getName();

        assertThat(resolver.resolve("shop", pod))
                .isEqualTo(new PodOwnerResolver.Owned(new TargetRef("shop", rollout, "canary")));
    }

    @Test
    void callsPodsOfADaemonSetOrWithoutControllerNotScalable() {
        createPod("node-agent-x1", "DaemonSet", "node-agent");
        createPod("debug-shell", null, null);

        assertThat(resolver.resolve("shop", "node-agent-x1"))
                .isEqualTo(new PodOwnerResolver.NotScalable(
                        "the pod is controlled by DaemonSet node-agent, which Scaligator does not scale"));
        assertThat(resolver.resolve("shop", "debug-shell"))
                .isEqualTo(new PodOwnerResolver.NotScalable("the pod has no controller"));
    }

    @Test
    void reportsAMissingPodAsAFailedLookup() {
        assertThat(resolver.resolve("shop", "gone-123")).isEqualTo(new PodOwnerResolver.Failed("pod not found"));
    }

    private static void createPod(String name, String ownerKind, String ownerName) {
        PodBuilder pod = new PodBuilder()
                .withNewMetadata()
                .withNamespace("shop")
                .withName(name)
                .endMetadata()
                .withNewSpec()
                .addNewContainer()
                .withName("main")
                .withImage("busybox")
                .endContainer()
                .endSpec();
        if (ownerKind != null) {
            pod.editMetadata()
                    .withOwnerReferences(new OwnerReferenceBuilder()
                            .withApiVersion("apps/v1")
                            .withKind(ownerKind)
                            .withName(ownerName)
                            .withUid("uid-" + ownerName)
                            .withController(true)
                            .build())
                    .endMetadata();
        }
        kube.client().resource(pod.build()).create();
    }
}
