package io.scaligator.actuator.kube;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.scaligator.common.target.Annotations;

/**
 * The copies of Deployments and StatefulSets the actuator's cache keeps: what a read of a workload returns
 * (name, namespace, uid, creationTimestamp, resourceVersion, the {@code scaligator.io/} annotations, spec.replicas)
 * and nothing else, so that caching every workload of a cluster costs a few hundred bytes each instead of the whole
 * object with its pod template. Patches never start from a cached copy: they are built from the command alone.
 */
final class CachedCopies {

    private CachedCopies() {}

    static Deployment deployment(Deployment d) {
        return new DeploymentBuilder()
                .withMetadata(meta(d))
                .withNewSpec()
                .withReplicas(d.getSpec() == null ? null : d.getSpec().getReplicas())
                .endSpec()
                .build();
    }

    static StatefulSet statefulSet(StatefulSet s) {
        return new StatefulSetBuilder()
                .withMetadata(meta(s))
                .withNewSpec()
                .withReplicas(s.getSpec() == null ? null : s.getSpec().getReplicas())
                .endSpec()
                .build();
    }

    private static ObjectMeta meta(HasMetadata workload) {
        ObjectMeta source = workload.getMetadata();
        return new ObjectMetaBuilder()
                .withNamespace(source.getNamespace())
                .withName(source.getName())
                .withUid(source.getUid())
                .withCreationTimestamp(source.getCreationTimestamp())
                .withResourceVersion(source.getResourceVersion())
                .withAnnotations(Annotations.ours(source.getAnnotations()))
                .build();
    }
}
