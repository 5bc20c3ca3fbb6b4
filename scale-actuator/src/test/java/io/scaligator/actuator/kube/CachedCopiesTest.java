package io.scaligator.actuator.kube;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The slim copies of the actuator's cache keep what a read returns and drop the rest of the object. */
class CachedCopiesTest {

    private static final Map<String, String> ANNOTATIONS = Map.of(
            "scaligator.io/last-command-id", "cmd-1",
            "scaligator.io/paused", "true",
            "kubectl.kubernetes.io/last-applied-configuration", "{\"a very\": \"long value\"}");

    @Test
    void aDeploymentKeepsItsIdentityCreationVersionReplicasAndOurAnnotationsOnly() {
        Deployment full = new DeploymentBuilder()
                .withNewMetadata()
                .withNamespace("apps")
                .withName("web")
                .withUid("uid-1")
                .withCreationTimestamp("2026-11-28T09:00:00Z")
                .withResourceVersion("42")
                .withAnnotations(ANNOTATIONS)
                .withLabels(Map.of("app", "web"))
                .endMetadata()
                .withNewSpec()
                .withReplicas(5)
                .withNewTemplate()
                .withNewSpec()
                .addNewContainer()
                .withName("web")
                .withImage("web:1")
                .endContainer()
                .endSpec()
                .endTemplate()
                .endSpec()
                .withNewStatus()
                .withReadyReplicas(4)
                .endStatus()
                .build();

        Deployment copy = CachedCopies.deployment(full);

        assertThat(copy.getMetadata().getNamespace()).isEqualTo("apps");
        assertThat(copy.getMetadata().getName()).isEqualTo("web");
        assertThat(copy.getMetadata().getUid()).isEqualTo("uid-1");
        assertThat(copy.getMetadata().getCreationTimestamp())
                .as("tells a workload created again under its name")
                .isEqualTo("2026-11-28T09:00:00Z");
        assertThat(copy.getMetadata().getResourceVersion()).isEqualTo("42");
        assertThat(copy.getMetadata().getAnnotations())
                .containsOnlyKeys("scaligator.io/last-command-id", "scaligator.io/paused");
        assertThat(copy.getMetadata().getLabels()).isEmpty();
        assertThat(copy.getSpec().getReplicas()).isEqualTo(5);
        assertThat(copy.getSpec().getTemplate()).isNull();
        assertThat(copy.getStatus()).isNull();
    }

    @Test
    void aStatefulSetLikewiseAndAnUnsetReplicaCountStaysUnset() {
        StatefulSet full = new StatefulSetBuilder()
                .withNewMetadata()
                .withNamespace("apps")
                .withName("db")
                .withResourceVersion("7")
                .endMetadata()
                .withNewSpec()
                .withServiceName("db")
                .endSpec()
                .build();

        StatefulSet copy = CachedCopies.statefulSet(full);

        assertThat(copy.getMetadata().getName()).isEqualTo("db");
        assertThat(copy.getMetadata().getResourceVersion()).isEqualTo("7");
        assertThat(copy.getMetadata().getAnnotations()).isEmpty();
        assertThat(copy.getSpec().getReplicas())
                .as("read as the API server's default, 1")
                .isNull();
        assertThat(copy.getSpec().getServiceName()).isNull();
    }
}
