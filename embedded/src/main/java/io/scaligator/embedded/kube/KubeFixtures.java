package io.scaligator.embedded.kube;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpecBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatus;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSetStatusBuilder;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscalerBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** Creates valid workloads, owned pods and HPAs through a client, and writes the status their controllers would. */
public final class KubeFixtures {
    private static final String APP_LABEL = "app";
    private static final String APPS_V1 = "apps/v1";
    private static final String POD_TEMPLATE_HASH = "5d4f8c7b9";

    private final KubernetesClient client;

    /** Fixtures writing through {@code client} (any API server, usually {@link MockKube#client()}). */
    public KubeFixtures(KubernetesClient client) {
        this.client = client;
    }

    /** Creates a Deployment with a selector and a one-container pod template labelled {@code app=NAME}. */
    public Deployment deployment(Workload workload) {
        Deployment deployment = new DeploymentBuilder()
                .withMetadata(meta(workload))
                .withNewSpec()
                .withReplicas(workload.replicas())
                .withNewSelector()
                .withMatchLabels(selector(workload.name()))
                .endSelector()
                .withTemplate(podTemplate(workload.name()))
                .endSpec()
                .build();
        return client.resource(deployment).create();
    }

    /** Creates a StatefulSet with a selector, a service name and a pod template labelled {@code app=NAME}. */
    public StatefulSet statefulSet(Workload workload) {
        StatefulSet statefulSet = new StatefulSetBuilder()
                .withMetadata(meta(workload))
                .withNewSpec()
                .withReplicas(workload.replicas())
                .withServiceName(workload.name())
                .withNewSelector()
                .withMatchLabels(selector(workload.name()))
                .endSelector()
                .withTemplate(podTemplate(workload.name()))
                .endSpec()
                .build();
        return client.resource(statefulSet).create();
    }

    /**
     * Creates a pod owned by the Deployment's ReplicaSet (created on first use), as the Deployment controller
     * would: Pod -> ReplicaSet {@code NAME-HASH} -> Deployment.
     */
    public Pod deploymentPod(Deployment deployment, String podSuffix) {
        return replicaSetPod(deployment, deployment.getSpec().getReplicas(), podSuffix);
    }

    /**
     * Creates a pod owned by the workload's ReplicaSet (created on first use), as the Deployment controller or an
     * Argo Rollout would: Pod -> ReplicaSet {@code NAME-HASH} -> workload.
     */
    public Pod replicaSetPod(HasMetadata workload, int replicas, String podSuffix) {
        String namespace = workload.getMetadata().getNamespace();
        String name = workload.getMetadata().getName();
        String replicaSetName = name + "-" + POD_TEMPLATE_HASH;
        ReplicaSet replicaSet = client.apps()
                .replicaSets()
                .inNamespace(namespace)
                .withName(replicaSetName)
                .get();
        if (replicaSet == null) {
            replicaSet = client.resource(new ReplicaSetBuilder()
                            .withNewMetadata()
                            .withNamespace(namespace)
                            .withName(replicaSetName)
                            .withLabels(podLabels(name))
                            .withOwnerReferences(controllerRef(workload))
                            .endMetadata()
                            .withNewSpec()
                            .withReplicas(replicas)
                            .withNewSelector()
                            .withMatchLabels(podLabels(name))
                            .endSelector()
                            .withTemplate(podTemplate(name))
                            .endSpec()
                            .build())
                    .create();
        }
        return createPod(namespace, replicaSetName + "-" + podSuffix, podLabels(name), controllerRef(replicaSet));
    }

    /** Creates pod {@code NAME-ORDINAL} owned directly by the StatefulSet, as its controller would. */
    public Pod statefulSetPod(StatefulSet statefulSet, int ordinal) {
        String name = statefulSet.getMetadata().getName();
        return createPod(
                statefulSet.getMetadata().getNamespace(),
                name + "-" + ordinal,
                selector(name),
                controllerRef(statefulSet));
    }

    /** Creates an autoscaling/v2 HPA on 80 % CPU targeting {@code apps/v1 KIND NAME} in the same namespace. */
    public HorizontalPodAutoscaler hpa(
            String namespace, String name, String targetKind, String targetName, int minReplicas, int maxReplicas) {
        HorizontalPodAutoscaler hpa = new HorizontalPodAutoscalerBuilder()
                .withNewMetadata()
                .withNamespace(namespace)
                .withName(name)
                .endMetadata()
                .withNewSpec()
                .withNewScaleTargetRef()
                .withApiVersion(APPS_V1)
                .withKind(targetKind)
                .withName(targetName)
                .endScaleTargetRef()
                .withMinReplicas(minReplicas)
                .withMaxReplicas(maxReplicas)
                .addNewMetric()
                .withType("Resource")
                .withNewResource()
                .withName("cpu")
                .withNewTarget()
                .withType("Utilization")
                .withAverageUtilization(80)
                .endTarget()
                .endResource()
                .endMetric()
                .endSpec()
                .build();
        return client.resource(hpa).create();
    }

    /**
     * Registers a namespaced CRD whose kind has a /scale subresource at {@code .spec.replicas} (as Argo Rollouts
     * does), so the mock API serves its custom resources.
     */
    public void scalableCrd(String group, String version, String kind, String plural) {
        CustomResourceDefinition crd = new CustomResourceDefinitionBuilder()
                .withNewMetadata()
                .withName(plural + "." + group)
                .endMetadata()
                .withNewSpec()
                .withGroup(group)
                .withScope("Namespaced")
                .withNewNames()
                .withKind(kind)
                .withPlural(plural)
                .withSingular(kind.toLowerCase(Locale.ROOT))
                .endNames()
                .addNewVersion()
                .withName(version)
                .withServed(true)
                .withStorage(true)
                .withNewSubresources()
                .withNewScale()
                .withSpecReplicasPath(".spec.replicas")
                .withStatusReplicasPath(".status.replicas")
                .withLabelSelectorPath(".status.selector")
                .endScale()
                .endSubresources()
                .endVersion()
                .endSpec()
                .build();
        client.apiextensions().v1().customResourceDefinitions().resource(crd).create();
    }

    /** Creates a custom resource {@code apiVersion kind} with {@code spec.replicas} and the workload's metadata. */
    public GenericKubernetesResource customResource(String apiVersion, String kind, Workload workload) {
        GenericKubernetesResource resource = new GenericKubernetesResourceBuilder()
                .withApiVersion(apiVersion)
                .withKind(kind)
                .withMetadata(meta(workload))
                .build();
        resource.setAdditionalProperty("spec", Map.of("replicas", workload.replicas()));
        return client.resource(resource).create();
    }

    /** Creates a KEDA ScaledObject scaling {@code targetKind targetName} (kind null: KEDA's default, Deployment). */
    public GenericKubernetesResource scaledObject(String namespace, String name, String targetKind, String targetName) {
        Map<String, Object> target = new LinkedHashMap<>();
        target.put("name", targetName);
        if (targetKind != null) {
            target.put("kind", targetKind);
        }
        GenericKubernetesResource scaledObject = new GenericKubernetesResourceBuilder()
                .withApiVersion("keda.sh/v1alpha1")
                .withKind("ScaledObject")
                .withNewMetadata()
                .withNamespace(namespace)
                .withName(name)
                .endMetadata()
                .build();
        scaledObject.setAdditionalProperty("spec", Map.of("scaleTargetRef", target));
        // named in full: the mock has no KEDA CRD to discover the resource from
        return client.genericKubernetesResources(new ResourceDefinitionContext.Builder()
                        .withGroup("keda.sh")
                        .withVersion("v1alpha1")
                        .withKind("ScaledObject")
                        .withPlural("scaledobjects")
                        .withNamespaced(true)
                        .build())
                .inNamespace(namespace)
                .resource(scaledObject)
                .create();
    }

    /** Writes the status the Deployment controller would, through the status subresource. */
    public Deployment deploymentStatus(String namespace, String name, int replicas, int readyReplicas) {
        return client.apps().deployments().inNamespace(namespace).withName(name).editStatus(deployment -> {
            deployment.setStatus(deploymentStatus(
                    replicas, readyReplicas, deployment.getMetadata().getGeneration()));
            return deployment;
        });
    }

    /**
     * Marks every wanted replica of this version of the Deployment ready, as its controller would once the pods
     * are up: one merge patch of the status subresource, without reading the Deployment first.
     */
    public Deployment deploymentReady(Deployment seen) {
        return deploymentReady(
                seen.getMetadata().getNamespace(),
                seen.getMetadata().getName(),
                seen.getSpec().getReplicas(),
                seen.getMetadata().getGeneration());
    }

    /** As {@link #deploymentReady(Deployment)}, for the Deployment's spec.replicas and generation as seen. */
    public Deployment deploymentReady(String namespace, String name, int replicas, Long generation) {
        Deployment addressed = new DeploymentBuilder()
                .withNewMetadata()
                .withNamespace(namespace)
                .withName(name)
                .endMetadata()
                .build();
        String patch = client.getKubernetesSerialization()
                .asJson(Map.of("status", deploymentStatus(replicas, replicas, generation)));
        return client.apps()
                .deployments()
                .inNamespace(namespace)
                .resource(addressed)
                .subresource("status")
                .patch(PatchContext.of(PatchType.JSON_MERGE), patch);
    }

    private static DeploymentStatus deploymentStatus(int replicas, int readyReplicas, Long generation) {
        return new DeploymentStatusBuilder()
                .withReplicas(replicas)
                .withReadyReplicas(readyReplicas)
                .withAvailableReplicas(readyReplicas)
                .withUpdatedReplicas(replicas)
                .withObservedGeneration(generation)
                .build();
    }

    /** Writes the status the StatefulSet controller would, through the status subresource. */
    public StatefulSet statefulSetStatus(String namespace, String name, int replicas, int readyReplicas) {
        return client.apps()
                .statefulSets()
                .inNamespace(namespace)
                .withName(name)
                .editStatus(statefulSet -> {
                    statefulSet.setStatus(new StatefulSetStatusBuilder()
                            .withReplicas(replicas)
                            .withReadyReplicas(readyReplicas)
                            .withAvailableReplicas(readyReplicas)
                            .withCurrentReplicas(replicas)
                            .withObservedGeneration(statefulSet.getMetadata().getGeneration())
                            .build());
                    return statefulSet;
                });
    }

    private Pod createPod(String namespace, String name, Map<String, String> labels, OwnerReference owner) {
        Pod pod = new PodBuilder()
                .withNewMetadata()
                .withNamespace(namespace)
                .withName(name)
                .withLabels(labels)
                .withOwnerReferences(owner)
                .endMetadata()
                .withSpec(podSpec())
                .build();
        return client.resource(pod).create();
    }

    private static ObjectMeta meta(Workload workload) {
        return new ObjectMetaBuilder()
                .withNamespace(workload.namespace())
                .withName(workload.name())
                .withLabels(workload.labels())
                .withAnnotations(workload.annotations())
                .build();
    }

    private static Map<String, String> selector(String workloadName) {
        return Map.of(APP_LABEL, workloadName);
    }

    private static Map<String, String> podLabels(String deploymentName) {
        Map<String, String> labels = new LinkedHashMap<>(selector(deploymentName));
        labels.put("pod-template-hash", POD_TEMPLATE_HASH);
        return labels;
    }

    private static PodTemplateSpec podTemplate(String workloadName) {
        return new PodTemplateSpecBuilder()
                .withNewMetadata()
                .withLabels(selector(workloadName))
                .endMetadata()
                .withSpec(podSpec())
                .build();
    }

    private static PodSpec podSpec() {
        return new PodSpecBuilder()
                .addNewContainer()
                .withName("app")
                .withImage("registry.k8s.io/pause:3.10")
                .endContainer()
                .build();
    }

    private static OwnerReference controllerRef(HasMetadata owner) {
        return new OwnerReferenceBuilder()
                .withApiVersion(owner.getApiVersion())
                .withKind(owner.getKind())
                .withName(owner.getMetadata().getName())
                .withUid(owner.getMetadata().getUid())
                .withController(true)
                .withBlockOwnerDeletion(true)
                .build();
    }
}
