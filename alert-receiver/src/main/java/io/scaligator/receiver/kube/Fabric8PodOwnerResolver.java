package io.scaligator.receiver.kube;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.scaligator.common.target.Kind;
import io.scaligator.common.target.TargetRef;
import io.scaligator.receiver.core.PodOwnerResolver;
import java.util.Optional;

/**
 * Resolves a pod's workload through the Kubernetes API: Pod -> ReplicaSet -> Deployment (or a custom kind running
 * ReplicaSets, such as an Argo Rollout), Pod -> StatefulSet (or a custom kind controlling pods directly).
 */
public final class Fabric8PodOwnerResolver implements PodOwnerResolver {

    private final KubernetesClient client;

    public Fabric8PodOwnerResolver(KubernetesClient client) {
        this.client = client;
    }

    @Override
    public Resolution resolve(String namespace, String pod) {
        try {
            Pod found = client.pods().inNamespace(namespace).withName(pod).get();
            if (found == null) {
                return new Failed("pod not found");
            }
            Optional<OwnerReference> owner = controller(found);
            if (owner.isEmpty()) {
                return new NotScalable("the pod has no controller");
            }
            String kind = owner.get().getKind();
            if (!"ReplicaSet".equals(kind)) {
                Optional<Kind> scalable = Kind.ofOwner(owner.get().getApiVersion(), kind);
                return scalable.isPresent()
                        ? new Owned(new TargetRef(
                                namespace, scalable.get(), owner.get().getName()))
                        : new NotScalable("the pod is controlled by " + kind + " "
                                + owner.get().getName() + ", which Scaligator does not scale");
            }
            ReplicaSet replicaSet = client.apps()
                    .replicaSets()
                    .inNamespace(namespace)
                    .withName(owner.get().getName())
                    .get();
            if (replicaSet == null) {
                return new Failed("its ReplicaSet " + owner.get().getName() + " was not found");
            }
            Optional<OwnerReference> workload = controller(replicaSet);
            Optional<Kind> scalable = workload.flatMap(w -> Kind.ofOwner(w.getApiVersion(), w.getKind()));
            if (scalable.isEmpty()) {
                return new NotScalable(
                        "its ReplicaSet " + replicaSet.getMetadata().getName()
                                + " is not controlled by a Deployment or another scalable kind");
            }
            return new Owned(
                    new TargetRef(namespace, scalable.get(), workload.get().getName()));
        } catch (KubernetesClientException e) {
            return new Failed("Kubernetes API error " + e.getCode() + ": " + e.getMessage());
        } catch (IllegalArgumentException e) {
            return new NotScalable(e.getMessage());
        }
    }

    private static Optional<OwnerReference> controller(HasMetadata resource) {
        return resource.getMetadata().getOwnerReferences().stream()
                .filter(ref -> Boolean.TRUE.equals(ref.getController()))
                .findFirst();
    }
}
