package io.scaligator.actuator.kube;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.autoscaling.v2.CrossVersionObjectReference;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.Informable;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.scaligator.common.target.Kind;
import io.scaligator.common.target.OtherAutoscalers;
import io.scaligator.common.target.OtherAutoscalers.Autoscaler;
import io.scaligator.common.target.TargetRef;
import io.scaligator.kube.Fabric8Targets;
import io.scaligator.kube.ThinStore;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Deployments and StatefulSets the actuator may scale and the HPAs and KEDA ScaledObjects targeting them, as
 * fabric8 informers see them: one list, then a watch, per resource and namespace (or across all namespaces when
 * watch_namespaces is "*"). Reads served from
 * here cost no API request; they may lag the API server by a watch event, which is safe because every patch is
 * conditional on the resourceVersion it was decided on. A cache that cannot answer (not synced yet, the namespace
 * not covered, the workload not seen yet) says so with an empty result, and the caller asks the API server.
 * Deployments and StatefulSets are kept as slim copies ({@link CachedCopies}).
 *
 * <p>RBAC: list and watch on deployments, statefulsets, horizontalpodautoscalers and keda.sh scaledobjects. Without
 * them the informers stop after their first failed list and every read goes to the API server.
 */
public final class WorkloadCache implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(WorkloadCache.class);
    private static final String ANY_NAMESPACE = "*";
    private static final String BY_SCALE_TARGET = "scaleTarget";
    private static final ResourceDefinitionContext SCALED_OBJECTS =
            Fabric8Targets.context(OtherAutoscalers.KEDA_SCALED_OBJECT);

    /**
     * The informers of one namespace, or of all namespaces. KEDA's ScaledObjects are not part of {@link #synced()}:
     * without KEDA their informer never syncs, and reads of them go to the API server (which answers 404).
     */
    private record Scope(
            SharedIndexInformer<Deployment> deployments,
            SharedIndexInformer<StatefulSet> statefulSets,
            SharedIndexInformer<HorizontalPodAutoscaler> hpas,
            SharedIndexInformer<GenericKubernetesResource> scaledObjects) {

        boolean synced() {
            return deployments.hasSynced() && statefulSets.hasSynced() && hpas.hasSynced();
        }

        List<SharedIndexInformer<?>> all() {
            return List.of(deployments, statefulSets, hpas, scaledObjects);
        }
    }

    private final Map<String, Scope> scopes = new HashMap<>();

    private WorkloadCache() {}

    /**
     * Starts the informers of the namespaces (all namespaces if empty); returns at once, they sync on their own.
     */
    public static WorkloadCache start(KubernetesClient client, List<String> namespaces) {
        WorkloadCache cache = new WorkloadCache();
        if (namespaces.isEmpty()) {
            cache.inform(
                    ANY_NAMESPACE,
                    client.apps().deployments().inAnyNamespace(),
                    client.apps().statefulSets().inAnyNamespace(),
                    client.autoscaling().v2().horizontalPodAutoscalers().inAnyNamespace(),
                    client.genericKubernetesResources(SCALED_OBJECTS).inAnyNamespace());
        } else {
            for (String ns : namespaces) {
                cache.inform(
                        ns,
                        client.apps().deployments().inNamespace(ns),
                        client.apps().statefulSets().inNamespace(ns),
                        client.autoscaling().v2().horizontalPodAutoscalers().inNamespace(ns),
                        client.genericKubernetesResources(SCALED_OBJECTS).inNamespace(ns));
            }
        }
        return cache;
    }

    private void inform(
            String scope,
            Informable<Deployment> deployments,
            Informable<StatefulSet> statefulSets,
            Informable<HorizontalPodAutoscaler> hpas,
            Informable<GenericKubernetesResource> scaledObjects) {
        SharedIndexInformer<HorizontalPodAutoscaler> hpaInformer = hpas.runnableInformer(0);
        hpaInformer.addIndexers(Map.of(BY_SCALE_TARGET, WorkloadCache::scaleTargetKeys));
        SharedIndexInformer<GenericKubernetesResource> scaledObjectInformer = scaledObjects.runnableInformer(0);
        scaledObjectInformer.addIndexers(Map.of(BY_SCALE_TARGET, WorkloadCache::scaledObjectTargetKeys));
        SharedIndexInformer<Deployment> deploymentInformer = deployments.runnableInformer(0);
        deploymentInformer.itemStore(new ThinStore<>(CachedCopies::deployment));
        SharedIndexInformer<StatefulSet> statefulSetInformer = statefulSets.runnableInformer(0);
        statefulSetInformer.itemStore(new ThinStore<>(CachedCopies::statefulSet));
        Scope informers = new Scope(deploymentInformer, statefulSetInformer, hpaInformer, scaledObjectInformer);
        scopes.put(scope, informers);
        for (SharedIndexInformer<?> informer : informers.all()) {
            String name = (scope.equals(ANY_NAMESPACE) ? "all namespaces" : scope) + "/"
                    + informer.getApiTypeClass().getSimpleName();
            informer.start().whenComplete((ok, error) -> {
                if (error == null) {
                    LOG.info("workload cache {} synced", name);
                } else {
                    LOG.warn(
                            "workload cache {} unavailable ({}): reads of it go to the API server",
                            name,
                            error.toString());
                }
            });
        }
    }

    /** Whether every informer has completed its first list. */
    public boolean synced() {
        return scopes.values().stream().allMatch(Scope::synced);
    }

    /**
     * The Deployment or StatefulSet as last seen, or empty if the cache cannot tell (then read it from the API
     * server); custom kinds are not cached.
     */
    public Optional<HasMetadata> workload(TargetRef target) {
        Scope scope = syncedScope(target);
        if (scope == null || !target.kind().builtIn()) {
            return Optional.empty();
        }
        String key = target.namespace() + "/" + target.name();
        return Optional.ofNullable(
                target.kind().equals(Kind.DEPLOYMENT)
                        ? scope.deployments().getStore().getByKey(key)
                        : scope.statefulSets().getStore().getByKey(key));
    }

    /** The HPAs whose scaleTargetRef names the workload, or empty if the cache cannot tell. */
    public Optional<List<HorizontalPodAutoscaler>> autoscalersOf(TargetRef target) {
        Scope scope = syncedScope(target);
        return scope == null
                ? Optional.empty()
                : Optional.of(scope.hpas()
                        .getIndexer()
                        .byIndex(
                                BY_SCALE_TARGET,
                                scaleTargetKey(target.namespace(), target.kind().name(), target.name())));
    }

    /** The KEDA ScaledObjects whose scaleTargetRef names the workload, or empty if the cache cannot tell. */
    public Optional<List<GenericKubernetesResource>> scaledObjectsOf(TargetRef target) {
        Scope scope = syncedScope(target);
        return scope == null || !scope.scaledObjects().hasSynced()
                ? Optional.empty()
                : Optional.of(scope.scaledObjects()
                        .getIndexer()
                        .byIndex(BY_SCALE_TARGET, target.namespace() + "/" + target.name()));
    }

    private Scope syncedScope(TargetRef target) {
        Scope scope = scopes.get(target.namespace());
        if (scope == null) {
            scope = scopes.get(ANY_NAMESPACE);
        }
        return scope != null && scope.synced() ? scope : null;
    }

    private static List<String> scaleTargetKeys(HorizontalPodAutoscaler hpa) {
        CrossVersionObjectReference ref =
                hpa.getSpec() == null ? null : hpa.getSpec().getScaleTargetRef();
        return ref == null
                ? List.of()
                : List.of(scaleTargetKey(hpa.getMetadata().getNamespace(), ref.getKind(), ref.getName()));
    }

    /** By namespace and name only: a ScaledObject's kind defaults to Deployment, which the matcher resolves. */
    private static List<String> scaledObjectTargetKeys(GenericKubernetesResource scaledObject) {
        Autoscaler a = OtherAutoscalers.scaledObject(
                scaledObject.getMetadata().getNamespace(),
                scaledObject.getMetadata().getName(),
                scaledObject.getAdditionalProperties().get("spec"));
        return a == null ? List.of() : List.of(a.namespace() + "/" + a.targetName());
    }

    private static String scaleTargetKey(String namespace, String kind, String name) {
        return namespace + "/" + kind + "/" + name;
    }

    @Override
    public void close() {
        scopes.values().forEach(scope -> scope.all().forEach(SharedIndexInformer::close));
    }
}
