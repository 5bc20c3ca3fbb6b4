package io.scaligator.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cel.common.types.MapType;
import dev.cel.common.types.SimpleType;
import dev.cel.compiler.CelCompiler;
import dev.cel.compiler.CelCompilerFactory;
import dev.cel.extensions.CelOptionalLibrary;
import dev.cel.parser.CelStandardMacro;
import dev.cel.runtime.CelRuntime;
import dev.cel.runtime.CelRuntimeFactory;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpecBuilder;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingAdmissionPolicy;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingAdmissionPolicyBinding;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.Validation;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.Variable;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.scaligator.actuator.kube.ScalePatch;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/**
 * The ValidatingAdmissionPolicies of deploy/scale-actuator-admission.yaml, evaluated with cel-java (CEL with the
 * optional-types library, as the API server runs it) on Deployments and StatefulSets as JSON: the actuator's own
 * patch passes, every other change by its ServiceAccount is denied, other users are not matched.
 */
class ActuatorAdmissionPolicyTest {

    private static final String FILE = "deploy/scale-actuator-admission.yaml";
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final CelCompiler COMPILER = CelCompilerFactory.standardCelCompilerBuilder()
            .setStandardMacros(CelStandardMacro.STANDARD_MACROS)
            .addLibraries(CelOptionalLibrary.INSTANCE)
            .addVar("object", SimpleType.DYN)
            .addVar("oldObject", SimpleType.DYN)
            .addVar("request", SimpleType.DYN)
            .addVar("variables", MapType.create(SimpleType.STRING, SimpleType.DYN))
            .build();
    private static final CelRuntime RUNTIME = CelRuntimeFactory.standardCelRuntimeBuilder()
            .addLibraries(CelOptionalLibrary.INSTANCE)
            .build();

    private final List<Manifest> manifests = StrictManifests.read(Repo.path(FILE));

    private ValidatingAdmissionPolicy policy(String resource) {
        return manifests.stream()
                .filter(m -> m.typed() instanceof ValidatingAdmissionPolicy p
                        && p.getSpec()
                                .getMatchConstraints()
                                .getResourceRules()
                                .get(0)
                                .getResources()
                                .equals(List.of(resource)))
                .map(m -> m.as(ValidatingAdmissionPolicy.class))
                .findFirst()
                .orElseThrow();
    }

    /** The messages of the validations that fail for this update; empty: allowed. */
    private static List<String> denials(ValidatingAdmissionPolicy policy, HasMetadata before, HasMetadata after) {
        Map<String, Object> activation = new LinkedHashMap<>();
        activation.put("object", json(after));
        activation.put("oldObject", json(before));
        activation.put("request", Map.of("userInfo", Map.of("username", "system:serviceaccount:x:y")));
        Map<String, Object> variables = new LinkedHashMap<>();
        for (Variable variable : policy.getSpec().getVariables()) {
            activation.put("variables", Map.copyOf(variables));
            variables.put(variable.getName(), eval(variable.getExpression(), activation));
        }
        activation.put("variables", variables);
        List<String> denied = new ArrayList<>();
        for (Validation validation : policy.getSpec().getValidations()) {
            if (!Boolean.TRUE.equals(eval(validation.getExpression(), activation))) {
                denied.add(validation.getMessage());
            }
        }
        return denied;
    }

    private static Object eval(String expression, Map<String, Object> activation) {
        try {
            return RUNTIME.createProgram(COMPILER.compile(expression).getAst()).eval(activation);
        } catch (Exception e) {
            throw new AssertionError("CEL " + expression + ": " + e.getMessage(), e);
        }
    }

    /** The object as the API server's CEL sees it: JSON maps and lists, integers as 64-bit. */
    private static Object json(HasMetadata object) {
        return cel(JSON.readValue(Serialization.asJson(object), Object.class));
    }

    private static Object cel(Object value) {
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> out = new LinkedHashMap<>();
            map.forEach((k, v) -> out.put((String) k, cel(v)));
            return out;
        }
        if (value instanceof List<?> list) {
            return list.stream().map(ActuatorAdmissionPolicyTest::cel).toList();
        }
        return value instanceof Integer i ? Long.valueOf(i) : value;
    }

    /** The workload after the actuator's real patch (a JSON merge patch, RFC 7386). */
    @SuppressWarnings("unchecked")
    private static <T extends HasMetadata> T patched(T before, ScalePatch patch) {
        Map<String, Object> merged = merge(
                JSON.readValue(Serialization.asJson(before), Map.class), JSON.readValue(patch.toJson(), Map.class));
        return (T) Serialization.unmarshal(JSON.writeValueAsString(merged), before.getClass());
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> merge(Map<String, Object> target, Map<String, Object> patch) {
        Map<String, Object> out = new LinkedHashMap<>(target);
        patch.forEach((key, value) -> {
            if (value == null) {
                out.remove(key);
            } else if (value instanceof Map<?, ?> m && out.get(key) instanceof Map<?, ?> existing) {
                out.put(key, merge((Map<String, Object>) existing, (Map<String, Object>) m));
            } else {
                out.put(key, value);
            }
        });
        return out;
    }

    private static <T extends HasMetadata> T edited(T object, UnaryOperator<T> edit) {
        return edit.apply(Serialization.clone(object));
    }

    private static ScalePatch scaleTo(int replicas) {
        return ScalePatch.of("1", replicas, "cmd-1", Instant.parse("2026-12-02T10:00:00Z"), List.of("cmd-0"));
    }

    private static final Deployment WEB = deployment("web", Map.of("team", "shop"), Map.of("owner", "payments"));
    private static final StatefulSet DB = new StatefulSetBuilder()
            .withMetadata(meta("db", Map.of(), Map.of("owner", "payments")))
            .withNewSpec()
            .withReplicas(3)
            .withServiceName("db")
            .withSelector(selector("db"))
            .withTemplate(template("db"))
            .endSpec()
            .build();

    private static Deployment deployment(String name, Map<String, String> labels, Map<String, String> annotations) {
        return new DeploymentBuilder()
                .withMetadata(meta(name, labels, annotations))
                .withNewSpec()
                .withReplicas(2)
                .withSelector(selector(name))
                .withTemplate(template(name))
                .endSpec()
                .build();
    }

    private static ObjectMeta meta(String name, Map<String, String> labels, Map<String, String> annotations) {
        ObjectMetaBuilder meta = new ObjectMetaBuilder()
                .withNamespace("apps")
                .withName(name)
                .withResourceVersion("1")
                .withLabels(labels.isEmpty() ? null : new LinkedHashMap<>(labels));
        return (annotations.isEmpty() ? meta : meta.withAnnotations(new LinkedHashMap<>(annotations))).build();
    }

    private static LabelSelector selector(String name) {
        return new LabelSelectorBuilder().withMatchLabels(Map.of("app", name)).build();
    }

    private static PodTemplateSpec template(String name) {
        return new PodTemplateSpecBuilder()
                .withNewMetadata()
                .withLabels(Map.of("app", name))
                .endMetadata()
                .withNewSpec()
                .addNewContainer()
                .withName("app")
                .withImage("registry.k8s.io/pause:3.10")
                .endContainer()
                .endSpec()
                .build();
    }

    @Test
    void theActuatorsOwnPatchIsAllowedOnADeploymentAndAStatefulSet() {
        assertThat(denials(policy("deployments"), WEB, patched(WEB, scaleTo(5))))
                .isEmpty();
        assertThat(denials(policy("statefulsets"), DB, patched(DB, scaleTo(1)))).isEmpty();
        // A workload without any annotation yet: the patch adds the first ones.
        Deployment bare = deployment("bare", Map.of(), Map.of());
        assertThat(denials(policy("deployments"), bare, patched(bare, scaleTo(2))))
                .isEmpty();
    }

    @Test
    void changingThePodTemplateIsDenied() {
        Deployment image = edited(WEB, d -> {
            d.getSpec().getTemplate().getSpec().getContainers().get(0).setImage("evil:latest");
            return d;
        });
        StatefulSet sts = edited(DB, s -> {
            s.getSpec().getTemplate().getSpec().getContainers().get(0).setCommand(List.of("sh", "-c", "curl evil"));
            return s;
        });

        assertThat(denials(policy("deployments"), WEB, image))
                .containsExactly("the scale-actuator may change only spec.replicas of a Deployment");
        assertThat(denials(policy("statefulsets"), DB, sts))
                .containsExactly("the scale-actuator may change only spec.replicas of a StatefulSet");
    }

    @Test
    void changingOtherSpecFieldsLabelsOrForeignAnnotationsIsDenied() {
        Deployment paused = edited(WEB, d -> {
            d.getSpec().setPaused(true);
            return d;
        });
        Deployment relabelled = edited(WEB, d -> {
            d.getMetadata().getLabels().put("team", "other");
            return d;
        });
        Deployment reannotated = edited(WEB, d -> {
            d.getMetadata().getAnnotations().put("owner", "someone-else");
            return d;
        });
        Deployment unannotated = edited(WEB, d -> {
            d.getMetadata().getAnnotations().remove("owner");
            return d;
        });

        assertThat(denials(policy("deployments"), WEB, paused)).hasSize(1);
        assertThat(denials(policy("deployments"), WEB, relabelled))
                .containsExactly("the scale-actuator may not change labels, finalizers or owner references");
        assertThat(denials(policy("deployments"), WEB, reannotated))
                .containsExactly("the scale-actuator may change only scaligator.io/ annotations");
        assertThat(denials(policy("deployments"), WEB, unannotated))
                .containsExactly("the scale-actuator may change only scaligator.io/ annotations");
    }

    @Test
    void onlyTheActuatorsServiceAccountIsMatchedAndEveryPolicyIsBoundToDeny() {
        ServiceAccount account = StrictManifests.read(Repo.path("deploy/scale-actuator.yaml")).stream()
                .filter(m -> m.typed() instanceof ServiceAccount)
                .findFirst()
                .orElseThrow()
                .as(ServiceAccount.class);
        String username = "system:serviceaccount:" + account.getMetadata().getNamespace() + ":"
                + account.getMetadata().getName();
        for (String resource : List.of("deployments", "statefulsets")) {
            ValidatingAdmissionPolicy policy = policy(resource);
            String condition = policy.getSpec().getMatchConditions().get(0).getExpression();

            assertThat(eval(condition, Map.of("request", Map.of("userInfo", Map.of("username", username)))))
                    .isEqualTo(true);
            assertThat(eval(condition, Map.of("request", Map.of("userInfo", Map.of("username", "kubernetes-admin")))))
                    .isEqualTo(false);
            assertThat(manifests)
                    .filteredOn(m -> m.typed() instanceof ValidatingAdmissionPolicyBinding b
                            && b.getSpec()
                                    .getPolicyName()
                                    .equals(policy.getMetadata().getName())
                            && b.getSpec().getValidationActions().equals(List.of("Deny")))
                    .hasSize(1);
        }
    }
}
