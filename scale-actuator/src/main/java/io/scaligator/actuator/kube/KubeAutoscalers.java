package io.scaligator.actuator.kube;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.autoscaling.v2.CrossVersionObjectReference;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.scaligator.common.target.OtherAutoscalers;
import io.scaligator.common.target.OtherAutoscalers.Autoscaler;
import io.scaligator.common.target.TargetRef;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Finds the other autoscaler owning a workload: the HPAs and KEDA ScaledObjects of its namespace, from the
 * {@link WorkloadCache} when it can tell, else listed (a cluster without KEDA answers 404, meaning none).
 * RBAC: list on horizontalpodautoscalers and on keda.sh scaledobjects.
 */
final class KubeAutoscalers {

    private static final ResourceDefinitionContext SCALED_OBJECTS =
            ScaleSubresource.context(OtherAutoscalers.KEDA_SCALED_OBJECT);

    private final KubernetesClient client;
    private final WorkloadCache cache;

    KubeAutoscalers(KubernetesClient client, WorkloadCache cache) {
        this.client = client;
        this.cache = cache;
    }

    /** The autoscaler owning the target, described for a refusal, or null if none does. */
    String ownerOf(TargetRef target) {
        List<Autoscaler> all = new ArrayList<>();
        hpasOf(target).forEach(hpa -> {
            Autoscaler a = of(hpa);
            if (a != null) {
                all.add(a);
            }
        });
        scaledObjectsOf(target).forEach(so -> {
            Autoscaler a = OtherAutoscalers.scaledObject(
                    target.namespace(),
                    so.getMetadata().getName(),
                    so.getAdditionalProperties().get("spec"));
            if (a != null) {
                all.add(a);
            }
        });
        return OtherAutoscalers.ownerOf(target, all);
    }

    /** An HPA as an autoscaler (reported as its ScaledObject when KEDA owns it), or null if it names no target. */
    static Autoscaler of(HorizontalPodAutoscaler hpa) {
        CrossVersionObjectReference ref =
                hpa.getSpec() == null ? null : hpa.getSpec().getScaleTargetRef();
        if (ref == null) {
            return null;
        }
        List<OwnerReference> owners =
                Objects.requireNonNullElse(hpa.getMetadata().getOwnerReferences(), List.of());
        return OtherAutoscalers.hpa(
                hpa.getMetadata().getNamespace(),
                hpa.getMetadata().getName(),
                ref.getApiVersion(),
                ref.getKind(),
                ref.getName(),
                owners.stream().map(o -> Map.entry(o.getKind(), o.getName())).toList());
    }

    private List<HorizontalPodAutoscaler> hpasOf(TargetRef target) {
        return cache.autoscalersOf(target).orElseGet(() -> {
            try {
                return client.autoscaling()
                        .v2()
                        .horizontalPodAutoscalers()
                        .inNamespace(target.namespace())
                        .list()
                        .getItems();
            } catch (KubernetesClientException e) {
                throw Fabric8WorkloadScaler.translate("list the HPAs of " + target.namespace(), e);
            }
        });
    }

    private List<GenericKubernetesResource> scaledObjectsOf(TargetRef target) {
        Optional<List<GenericKubernetesResource>> cached = cache.scaledObjectsOf(target);
        if (cached.isPresent()) {
            return cached.get();
        }
        String namespace = target.namespace();
        try {
            return client.genericKubernetesResources(SCALED_OBJECTS)
                    .inNamespace(namespace)
                    .list()
                    .getItems();
        } catch (KubernetesClientException e) {
            if (e.getCode() == 404) {
                return List.of(); // KEDA is not installed
            }
            throw Fabric8WorkloadScaler.translate("list the KEDA ScaledObjects of " + namespace, e);
        }
    }
}
