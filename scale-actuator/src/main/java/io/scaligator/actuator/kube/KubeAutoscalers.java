package io.scaligator.actuator.kube;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.scaligator.common.target.OtherAutoscalers;
import io.scaligator.common.target.OtherAutoscalers.Autoscaler;
import io.scaligator.common.target.TargetRef;
import io.scaligator.kube.Fabric8Targets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Finds the other autoscaler owning a workload: the HPAs and KEDA ScaledObjects of its namespace, from the
 * {@link WorkloadCache} when it can tell, else listed (a cluster without KEDA answers 404, meaning none).
 * RBAC: list on horizontalpodautoscalers and on keda.sh scaledobjects.
 */
final class KubeAutoscalers {

    private static final ResourceDefinitionContext SCALED_OBJECTS =
            Fabric8Targets.context(OtherAutoscalers.KEDA_SCALED_OBJECT);

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
            Autoscaler a = Fabric8Targets.autoscaler(hpa);
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
