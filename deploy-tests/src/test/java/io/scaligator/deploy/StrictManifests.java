package io.scaligator.deploy;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingAdmissionPolicy;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingAdmissionPolicyBinding;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.openshift.api.model.monitoring.v1.PrometheusRule;
import io.fabric8.openshift.api.model.monitoring.v1.ServiceMonitor;
import io.fabric8.openshift.api.model.monitoring.v1alpha1.AlertmanagerConfig;
import io.strimzi.api.kafka.model.kafka.Kafka;
import io.strimzi.api.kafka.model.nodepool.KafkaNodePool;
import io.strimzi.api.kafka.model.topic.KafkaTopic;
import io.strimzi.api.kafka.model.user.KafkaUser;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.MappingIterator;
import tools.jackson.databind.cfg.MapperConfig;
import tools.jackson.databind.introspect.Annotated;
import tools.jackson.databind.introspect.JacksonAnnotationIntrospector;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * Reads manifests into the typed fabric8 (and Strimzi) models and REJECTS unknown fields. The models keep unknown
 * fields in an {@code additionalProperties} map through {@code @JsonAnySetter}; these mappers ignore that annotation
 * and fail on unknown properties, so a misspelt or misplaced field is an error naming it.
 *
 * <p>fabric8 8 models are Jackson 3 beans; the Prometheus Operator model (openshift-model-monitoring 7.5.2, the
 * newest the registry serves) and Strimzi's api are Jackson 2 beans: each family is read by a mapper of its own
 * Jackson, both strict in the same way.
 */
final class StrictManifests {

    private record Model(Class<?> type, boolean jackson2) {}

    private static final Map<String, Model> MODELS = Map.ofEntries(
            Map.entry("v1/Namespace", new Model(Namespace.class, false)),
            Map.entry("v1/ServiceAccount", new Model(ServiceAccount.class, false)),
            Map.entry("v1/Secret", new Model(Secret.class, false)),
            Map.entry("v1/Service", new Model(Service.class, false)),
            Map.entry("v1/ConfigMap", new Model(ConfigMap.class, false)),
            Map.entry("apps/v1/Deployment", new Model(Deployment.class, false)),
            Map.entry(
                    "admissionregistration.k8s.io/v1/ValidatingAdmissionPolicy",
                    new Model(ValidatingAdmissionPolicy.class, false)),
            Map.entry(
                    "admissionregistration.k8s.io/v1/ValidatingAdmissionPolicyBinding",
                    new Model(ValidatingAdmissionPolicyBinding.class, false)),
            Map.entry("rbac.authorization.k8s.io/v1/ClusterRole", new Model(ClusterRole.class, false)),
            Map.entry("rbac.authorization.k8s.io/v1/ClusterRoleBinding", new Model(ClusterRoleBinding.class, false)),
            Map.entry("rbac.authorization.k8s.io/v1/Role", new Model(Role.class, false)),
            Map.entry("rbac.authorization.k8s.io/v1/RoleBinding", new Model(RoleBinding.class, false)),
            Map.entry("networking.k8s.io/v1/NetworkPolicy", new Model(NetworkPolicy.class, false)),
            Map.entry("monitoring.coreos.com/v1/ServiceMonitor", new Model(ServiceMonitor.class, true)),
            Map.entry("monitoring.coreos.com/v1/PrometheusRule", new Model(PrometheusRule.class, true)),
            Map.entry("monitoring.coreos.com/v1alpha1/AlertmanagerConfig", new Model(AlertmanagerConfig.class, true)),
            Map.entry("kafka.strimzi.io/v1beta2/Kafka", new Model(Kafka.class, true)),
            Map.entry("kafka.strimzi.io/v1beta2/KafkaNodePool", new Model(KafkaNodePool.class, true)),
            Map.entry("kafka.strimzi.io/v1beta2/KafkaTopic", new Model(KafkaTopic.class, true)),
            Map.entry("kafka.strimzi.io/v1beta2/KafkaUser", new Model(KafkaUser.class, true)));

    private static final YAMLMapper YAML = YAMLMapper.builder().build();
    private static final JsonMapper STRICT = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .annotationIntrospector(new JacksonAnnotationIntrospector() {
                @Override
                public Boolean hasAnySetter(MapperConfig<?> config, Annotated a) {
                    return Boolean.FALSE;
                }
            })
            .build();
    private static final com.fasterxml.jackson.databind.ObjectMapper STRICT2 =
            new com.fasterxml.jackson.databind.ObjectMapper()
                    .enable(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                    .setAnnotationIntrospector(
                            new com.fasterxml.jackson.databind.introspect.JacksonAnnotationIntrospector() {
                                @Override
                                public Boolean hasAnySetter(com.fasterxml.jackson.databind.introspect.Annotated a) {
                                    return Boolean.FALSE;
                                }
                            });

    private StrictManifests() {}

    static List<Manifest> read(Path file) {
        return read(
                Repo.ROOT.relativize(file).toString(),
                Repo.read(Repo.ROOT.relativize(file).toString()));
    }

    /** Every document of a (multi-document) YAML text; throws naming the source and the offending field. */
    static List<Manifest> read(String source, String yaml) {
        List<Manifest> out = new ArrayList<>();
        try (MappingIterator<JsonNode> docs = YAML.readerFor(JsonNode.class).readValues(yaml)) {
            int index = 0;
            while (docs.hasNextValue()) {
                JsonNode doc = docs.nextValue();
                index++;
                if (doc == null || doc.isNull() || doc.isMissingNode() || doc.isEmpty()) {
                    continue;
                }
                out.add(typed(source + "#" + index, doc));
            }
        }
        return out;
    }

    private static Manifest typed(String source, JsonNode doc) {
        String apiVersion = doc.path("apiVersion").asString("");
        String kind = doc.path("kind").asString("");
        Model model = MODELS.get(apiVersion + "/" + kind);
        if (model == null) {
            throw new IllegalArgumentException(source + ": no typed model for " + apiVersion + " " + kind);
        }
        Object typed;
        try {
            typed = model.jackson2()
                    ? STRICT2.readValue(STRICT.writeValueAsString(doc), model.type())
                    : STRICT.treeToValue(doc, model.type());
        } catch (RuntimeException | com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException(
                    source + ": " + apiVersion + " " + kind + " does not fit its model: " + e.getMessage(), e);
        }
        JsonNode meta = doc.path("metadata");
        return new Manifest(
                source,
                apiVersion,
                kind,
                meta.hasNonNull("namespace") ? meta.get("namespace").asString() : null,
                meta.path("name").asString(null),
                typed);
    }
}
