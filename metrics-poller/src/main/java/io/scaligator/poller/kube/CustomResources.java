package io.scaligator.poller.kube;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.scaligator.common.target.OtherAutoscalers;
import io.scaligator.common.target.OtherAutoscalers.Autoscaler;
import io.scaligator.kube.Fabric8Targets;
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

    /** The ScaledObjects of a namespace ("*": of all) as autoscalers. */
    List<Autoscaler> scaledObjectsIn(String namespace) {
        try {
            var operation =
                    client.genericKubernetesResources(Fabric8Targets.context(OtherAutoscalers.KEDA_SCALED_OBJECT));
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
}
