package io.scaligator.poller.kube;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.autoscaling.v2.CrossVersionObjectReference;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.scaligator.common.target.Kind;
import io.scaligator.common.target.OtherAutoscalers;
import io.scaligator.common.target.OtherAutoscalers.Autoscaler;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Resources fabric8 has no typed API for: configured custom kinds (addressed by their full coordinates, so no
 * discovery request is needed) and KEDA ScaledObjects, listed once per snapshot. A cluster without KEDA answers
 * 404 (none); any other failure keeps the last list, so an API fault never makes a KEDA-scaled workload look free.
 */
final class CustomResources {

    private static final Logger LOG = LoggerFactory.getLogger(CustomResources.class);
    private static final String ANY_NAMESPACE = "*";

    private final KubernetesClient client;
    private final Map<String, List<Autoscaler>> lastKnown = new ConcurrentHashMap<>();

    CustomResources(KubernetesClient client) {
        this.client = client;
    }

    static ResourceDefinitionContext context(Kind kind) {
        return new ResourceDefinitionContext.Builder()
                .withGroup(kind.group())
                .withVersion(kind.version())
                .withKind(kind.name())
                .withPlural(kind.plural())
                .withNamespaced(true)
                .build();
    }

    /** The ScaledObjects of a namespace ("*": of all) as autoscalers. */
    List<Autoscaler> scaledObjectsIn(String namespace) {
        try {
            var operation = client.genericKubernetesResources(context(OtherAutoscalers.KEDA_SCALED_OBJECT));
            List<GenericKubernetesResource> items = (namespace.equals(ANY_NAMESPACE)
                            ? operation.inAnyNamespace().list()
                            : operation.inNamespace(namespace).list())
                    .getItems();
            List<Autoscaler> found = items.stream()
                    .map(so -> OtherAutoscalers.scaledObject(
                            so.getMetadata().getNamespace(),
                            so.getMetadata().getName(),
                            so.getAdditionalProperties().get("spec")))
                    .filter(Objects::nonNull)
                    .toList();
            lastKnown.put(namespace, found);
            return found;
        } catch (KubernetesClientException e) {
            if (e.getCode() == 404) {
                lastKnown.put(namespace, List.of());
                return List.of(); // KEDA is not installed
            }
            List<Autoscaler> last = lastKnown.getOrDefault(namespace, List.of());
            LOG.warn(
                    "cannot list the KEDA ScaledObjects of {} (HTTP {}): using the last list ({} ScaledObjects)",
                    namespace,
                    e.getCode(),
                    last.size());
            return last;
        }
    }

    /** An HPA as an autoscaler (reported as its ScaledObject when KEDA owns it), or null if it names no target. */
    static Autoscaler autoscaler(HorizontalPodAutoscaler hpa) {
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
}
