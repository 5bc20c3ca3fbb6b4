package io.scaligator.poller.kube;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscalerBuilder;
import io.scaligator.common.target.Annotations;
import java.util.List;
import java.util.Map;

/**
 * The slimmed copies the poller's {@link io.scaligator.kube.ThinStore}s keep: only what target discovery and pod
 * attribution read.
 */
final class Slim {

    private Slim() {}

    static Deployment deployment(Deployment d) {
        return new DeploymentBuilder()
                .withMetadata(meta(d, true, false))
                .withNewSpec()
                .withReplicas(d.getSpec() == null ? null : d.getSpec().getReplicas())
                .endSpec()
                .withNewStatus()
                .withReadyReplicas(d.getStatus() == null ? null : d.getStatus().getReadyReplicas())
                .endStatus()
                .build();
    }

    static StatefulSet statefulSet(StatefulSet s) {
        return new StatefulSetBuilder()
                .withMetadata(meta(s, true, false))
                .withNewSpec()
                .withReplicas(s.getSpec() == null ? null : s.getSpec().getReplicas())
                .endSpec()
                .withNewStatus()
                .withReadyReplicas(s.getStatus() == null ? null : s.getStatus().getReadyReplicas())
                .endStatus()
                .build();
    }

    static ReplicaSet replicaSet(ReplicaSet r) {
        return new ReplicaSetBuilder().withMetadata(meta(r, false, true)).build();
    }

    static Pod pod(Pod p) {
        return new PodBuilder().withMetadata(meta(p, false, true)).build();
    }

    /** A custom kind's object: metadata, spec.replicas and the ready count of its status. */
    static GenericKubernetesResource custom(GenericKubernetesResource r) {
        GenericKubernetesResource slim = new GenericKubernetesResourceBuilder()
                .withApiVersion(r.getApiVersion())
                .withKind(r.getKind())
                .withMetadata(meta(r, true, false))
                .build();
        Integer spec = intAt(r, "spec", "replicas");
        Integer ready = intAt(r, "status", "readyReplicas");
        if (spec != null) {
            slim.setAdditionalProperty("spec", Map.of("replicas", spec));
        }
        if (ready != null) {
            slim.setAdditionalProperty("status", Map.of("readyReplicas", ready));
        }
        return slim;
    }

    static Integer specReplicas(GenericKubernetesResource r) {
        return intAt(r, "spec", "replicas");
    }

    static Integer readyReplicas(GenericKubernetesResource r) {
        return intAt(r, "status", "readyReplicas");
    }

    private static Integer intAt(GenericKubernetesResource r, String section, String field) {
        Object part = r.getAdditionalProperties().get(section);
        Object value = part instanceof Map<?, ?> map ? map.get(field) : null;
        return value instanceof Number n ? n.intValue() : null;
    }

    static HorizontalPodAutoscaler hpa(HorizontalPodAutoscaler h) {
        // the controller owner tells a KEDA-owned HPA (owned by its ScaledObject)
        HorizontalPodAutoscalerBuilder slim = new HorizontalPodAutoscalerBuilder().withMetadata(meta(h, false, true));
        if (h.getSpec() != null && h.getSpec().getScaleTargetRef() != null) {
            slim.withNewSpec()
                    .withScaleTargetRef(h.getSpec().getScaleTargetRef())
                    .endSpec();
        }
        return slim.build();
    }

    /** The controller owner reference, or null. */
    static OwnerReference controller(HasMetadata item) {
        List<OwnerReference> owners = item.getMetadata().getOwnerReferences();
        if (owners == null) {
            return null;
        }
        return owners.stream()
                .filter(o -> Boolean.TRUE.equals(o.getController()))
                .findFirst()
                .orElse(null);
    }

    private static ObjectMeta meta(HasMetadata item, boolean annotations, boolean controller) {
        ObjectMeta source = item.getMetadata();
        ObjectMetaBuilder meta = new ObjectMetaBuilder()
                .withNamespace(source.getNamespace())
                .withName(source.getName())
                .withResourceVersion(source.getResourceVersion());
        if (annotations) {
            meta.withAnnotations(Annotations.ours(source.getAnnotations()));
        }
        OwnerReference owner = controller ? controller(item) : null;
        if (owner != null) {
            meta.withOwnerReferences(new OwnerReferenceBuilder()
                    .withApiVersion(owner.getApiVersion())
                    .withKind(owner.getKind())
                    .withName(owner.getName())
                    .withController(true)
                    .build());
        }
        return meta.build();
    }
}
