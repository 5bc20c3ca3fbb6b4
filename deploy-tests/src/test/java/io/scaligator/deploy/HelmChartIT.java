package io.scaligator.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingAdmissionPolicy;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.api.model.rbac.RoleRef;
import io.scaligator.common.config.ConfigLoader;
import io.scaligator.common.config.ScaligatorConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The Helm chart through the helm library itself (helm-java): lint, and template with the default and with other
 * values, read strictly typed. With its defaults it grants exactly the RBAC of the kustomize base and runs the
 * same Deployments with the same config.toml; other values reach every object they name.
 */
class HelmChartIT {

    private static final String NAMESPACE = "scaligator";
    private static final List<String> SERVICE_ACCOUNTS =
            List.of("alert-receiver", "metrics-poller", "decision-engine", "scale-actuator");

    /** The chart rendered as {@code helm template scaligator deploy/helm/scaligator -n NAMESPACE [-f values]}. */
    static List<Manifest> render(String namespace, Path values) {
        return render("scaligator", namespace, values);
    }

    /** The chart rendered as {@code helm template RELEASE deploy/helm/scaligator -n NAMESPACE [-f values]}. */
    static List<Manifest> render(String release, String namespace, Path values) {
        var template = new Helm(HelmChart.CHART).template().withName(release).withNamespace(namespace);
        if (values != null) {
            template.withValuesFile(values);
        }
        return StrictManifests.read("helm template deploy/helm/scaligator", template.call());
    }

    /** The kustomize base's own files (what RbacDerivationIT derives against), without examples and compose. */
    static List<Manifest> base() {
        List<Manifest> manifests = new ArrayList<>();
        for (Path file : Repo.manifests()) {
            if (!file.startsWith(Repo.path("deploy/examples"))
                    && !file.startsWith(Repo.path("deploy/compose"))
                    && !file.startsWith(Repo.path("deploy/helm"))) {
                manifests.addAll(StrictManifests.read(file));
            }
        }
        return manifests;
    }

    @Test
    void helmLintFindsNothingToReport() {
        LintResult lint = new Helm(HelmChart.CHART).lint().strict().call();
        assertThat(lint.isFailed())
                .as("helm lint --strict: %s", lint.getMessages())
                .isFalse();
        assertThat(lint.getMessages())
                .as("helm lint --strict")
                .noneMatch(m -> m.contains("[ERROR]") || m.contains("[WARNING]"));
    }

    @Test
    void defaultValuesGrantExactlyTheRbacOfTheKustomizeBase() {
        List<Manifest> chart = render(NAMESPACE, null);
        List<Manifest> base = base();
        for (String sa : SERVICE_ACCOUNTS) {
            assertThat(RbacRules.granted(chart, NAMESPACE, sa))
                    .as("RBAC of %s: chart (left) vs deploy/ (right)", sa)
                    .isEqualTo(RbacRules.granted(base, NAMESPACE, sa));
        }
        assertThat(RbacRules.granted(chart, NAMESPACE, "scale-actuator")).isNotEmpty();
        assertThat(rbacObjects(chart)).isEqualTo(rbacObjects(base));
    }

    @Test
    void defaultValuesRenderTheBaseDeploymentsAndConfig(@TempDir Path dir) throws IOException {
        List<Manifest> chart = render(NAMESPACE, null);
        List<Manifest> base = base();
        // The base's kinds, but the Namespace and the token Secret (see HelmChart), and the ConfigMap kustomize
        // generates from config.toml.
        Set<String> expectedKinds = kinds(base).stream()
                .filter(k -> !k.equals("Namespace") && !k.equals("Secret"))
                .collect(Collectors.toCollection(TreeSet::new));
        expectedKinds.add("ConfigMap");
        assertThat(kinds(chart)).isEqualTo(expectedKinds);
        Map<String, Deployment> chartDeployments = deployments(chart);
        Map<String, Deployment> baseDeployments = deployments(base);
        assertThat(chartDeployments.keySet()).isEqualTo(baseDeployments.keySet());
        chartDeployments.forEach((name, rendered) -> {
            Deployment expected = baseDeployments.get(name);
            assertThat(rendered.getSpec().getReplicas())
                    .isEqualTo(expected.getSpec().getReplicas());
            PodSpec pod = rendered.getSpec().getTemplate().getSpec();
            Container container = pod.getContainers().get(0);
            assertThat(container.getImage()).isEqualTo("scaligator/" + name + ":0.1.0");
            assertThat(container.getImagePullPolicy()).isEqualTo("IfNotPresent");
            container.setImage(expected.getSpec()
                    .getTemplate()
                    .getSpec()
                    .getContainers()
                    .get(0)
                    .getImage());
            container.setImagePullPolicy(null);
            assertThat(pod)
                    .as("pod spec of %s, but image", name)
                    .isEqualTo(expected.getSpec().getTemplate().getSpec());
        });
        ScaligatorConfig rendered = config(dir, chart);
        ScaligatorConfig shipped =
                ConfigLoader.load(Repo.path("deploy/config.toml"), Map.of()).config();
        assertThat(rendered.toString()).isEqualTo(shipped.toString());
        assertThat(rendered.watchNamespaces()).isEqualTo(shipped.watchNamespaces());
    }

    @Test
    void theKustomizeRenderingGrantsWhatTheChartGrants() {
        String rendered = ExternalTool.require("kubectl", "kubernetes-client").run("kustomize", "deploy/");
        List<Manifest> kustomized = StrictManifests.read("kubectl kustomize deploy/", rendered);
        List<Manifest> chart = render(NAMESPACE, null);
        for (String sa : SERVICE_ACCOUNTS) {
            assertThat(RbacRules.granted(chart, NAMESPACE, sa))
                    .as("RBAC of %s: chart (left) vs kubectl kustomize deploy/ (right)", sa)
                    .isEqualTo(RbacRules.granted(kustomized, NAMESPACE, sa));
        }
    }

    @Test
    void everyNamespaceGrantsExactlyTheRbacOfTheClusterWideOverlay(@TempDir Path dir) throws IOException {
        Path values = Files.writeString(dir.resolve("values.yaml"), "watchNamespaces: [\"*\"]\n");
        List<Manifest> chart = render(NAMESPACE, values);
        String rendered = ExternalTool.require("kubectl", "kubernetes-client").run("kustomize", "deploy-cluster-wide/");
        List<Manifest> overlay = StrictManifests.read("kubectl kustomize deploy-cluster-wide/", rendered);

        for (String sa : SERVICE_ACCOUNTS) {
            assertThat(RbacRules.granted(chart, NAMESPACE, sa))
                    .as("RBAC of %s: chart with [\"*\"] (left) vs kubectl kustomize deploy-cluster-wide/ (right)", sa)
                    .isEqualTo(RbacRules.granted(overlay, NAMESPACE, sa));
        }
        assertThat(RbacRules.granted(chart, NAMESPACE, "scale-actuator"))
                .anyMatch(call -> call.namespace().equals("*"));
        assertThat(kinds(chart)).contains("ClusterRoleBinding");
        assertThat(chart).noneMatch(m -> m.kind().equals("RoleBinding") && !NAMESPACE.equals(m.namespace()));
        assertThat(config(dir, chart).watchNamespaces()).containsExactly("*");
    }

    @ParameterizedTest(name = "watchNamespaces {0}")
    @ValueSource(strings = {"[\"default\"]", "[\"*\"]"})
    void twoReleasesInOneClusterShareNoObjectOutsideTheirNamespaces(String watch, @TempDir Path dir)
            throws IOException {
        Path values = Files.writeString(dir.resolve("values.yaml"), "watchNamespaces: " + watch + "\n");
        List<Manifest> blue = render("blue", "scaligator-blue", values);
        List<Manifest> green = render("green", "scaligator-green", values);

        List<String> outside = blue.stream()
                .filter(m -> !"scaligator-blue".equals(m.namespace()))
                .map(m -> m.kind() + " " + m.namespace() + "/" + m.name())
                .toList();
        assertThat(outside).as("objects outside the release namespace").isNotEmpty();
        assertThat(green.stream().map(m -> m.kind() + " " + m.namespace() + "/" + m.name()))
                .as("green's objects that blue has too")
                .doesNotContainAnyElementsOf(outside);
        List<String> greenClusterRoles = green.stream()
                .filter(m -> m.kind().equals("ClusterRole"))
                .map(Manifest::name)
                .toList();
        assertThat(green.stream()
                        .map(Manifest::typed)
                        .flatMap(t -> t instanceof RoleBinding b
                                ? Stream.of(b.getRoleRef())
                                : t instanceof ClusterRoleBinding b
                                        ? Stream.of(b.getRoleRef())
                                        : Stream.<RoleRef>empty())
                        .filter(ref -> ref.getKind().equals("ClusterRole"))
                        .map(RoleRef::getName))
                .as("the ClusterRoles green's bindings name")
                .isNotEmpty()
                .allSatisfy(name -> assertThat(greenClusterRoles).contains(name));
    }

    @Test
    void otherValuesReachTheObjectsTheyName(@TempDir Path dir) throws IOException {
        Path values = Files.writeString(dir.resolve("values.yaml"), """
                image:
                  repository: registry.example.com/platform
                  tag: 1.2.3
                  pullPolicy: Always
                watchNamespaces: [team-a, team-b, team-c]
                kafka:
                  bootstrapServers: kafka-0.example.com:9094
                  security:
                    caSecret: corp-kafka-ca
                    userSecrets:
                      scaleActuator: corp-actuator
                receiver:
                  auth:
                    existingSecret: corp-webhook
                services:
                  metricsPoller:
                    replicas: 3
                  decisionEngine:
                    resources:
                      requests: {cpu: 500m, memory: 1Gi}
                      limits: {memory: 2Gi}
                serviceMonitor:
                  enabled: false
                prometheusRule:
                  enabled: false
                networkPolicy:
                  enabled: false
                """);
        List<Manifest> chart = render("ops", values);

        assertThat(kinds(chart)).doesNotContain("ServiceMonitor", "PrometheusRule", "NetworkPolicy");
        assertThat(chart)
                .filteredOn(m -> m.namespace() != null && !m.kind().equals("RoleBinding"))
                .extracting(Manifest::namespace)
                .containsOnly("ops");
        // RBAC: the base's grants, moved from its watched namespaces to these and from scaligator to ops.
        List<String> baseWatched = ConfigLoader.load(Repo.path("deploy/config.toml"), Map.of())
                .config()
                .watchNamespaces();
        for (String sa : SERVICE_ACCOUNTS) {
            Set<ApiCall> expected = new TreeSet<>();
            for (ApiCall grant : RbacRules.granted(base(), NAMESPACE, sa)) {
                if (grant.namespace().equals(NAMESPACE)) {
                    expected.add(new ApiCall("ops", grant.group(), grant.resource(), grant.verb()));
                } else {
                    assertThat(baseWatched).contains(grant.namespace());
                    for (String ns : List.of("team-a", "team-b", "team-c")) {
                        expected.add(new ApiCall(ns, grant.group(), grant.resource(), grant.verb()));
                    }
                }
            }
            assertThat(RbacRules.granted(chart, "ops", sa)).as("RBAC of %s", sa).isEqualTo(expected);
        }
        assertThat(RbacRules.granted(chart, NAMESPACE, "scale-actuator")).isEmpty();
        assertThat(chart)
                .filteredOn(m -> m.typed() instanceof ValidatingAdmissionPolicy)
                .isNotEmpty()
                .allSatisfy(m -> assertThat(m.as(ValidatingAdmissionPolicy.class)
                                .getSpec()
                                .getMatchConditions()
                                .get(0)
                                .getExpression())
                        .contains("'system:serviceaccount:ops:scale-actuator'"));

        Map<String, Deployment> deployments = deployments(chart);
        deployments.forEach((name, d) -> {
            Container container =
                    d.getSpec().getTemplate().getSpec().getContainers().get(0);
            assertThat(container.getImage()).isEqualTo("registry.example.com/platform/" + name + ":1.2.3");
            assertThat(container.getImagePullPolicy()).isEqualTo("Always");
            assertThat(secretName(d, "kafka-ca")).isEqualTo("corp-kafka-ca");
        });
        assertThat(secretName(deployments.get("scale-actuator"), "kafka-user")).isEqualTo("corp-actuator");
        assertThat(secretName(deployments.get("metrics-poller"), "kafka-user")).isEqualTo("scaligator-metrics-poller");
        assertThat(secretName(deployments.get("alert-receiver"), "webhook-token"))
                .isEqualTo("corp-webhook");
        assertThat(deployments.get("metrics-poller").getSpec().getReplicas()).isEqualTo(3);
        assertThat(deployments.get("scale-actuator").getSpec().getReplicas()).isEqualTo(2);
        var engine = deployments
                .get("decision-engine")
                .getSpec()
                .getTemplate()
                .getSpec()
                .getContainers()
                .get(0)
                .getResources();
        assertThat(engine.getRequests().get("cpu").toString()).isEqualTo("500m");
        assertThat(engine.getLimits().get("memory").toString()).isEqualTo("2Gi");

        ScaligatorConfig config = config(dir, chart);
        assertThat(config.watchNamespaces()).containsExactly("team-a", "team-b", "team-c");
        assertThat(config.kafka().bootstrapServers()).isEqualTo("kafka-0.example.com:9094");
        assertThat(config.namespace()).isEqualTo("ops");
    }

    @Test
    void aMisspeltOrInvalidValueIsRefusedNamingIt(@TempDir Path dir) throws IOException {
        Map<String, String> refused = Map.of(
                "watchNamespace: [team-a]\n", "watchNamespace",
                "watchNamespaces: [Team_A]\n", "watchNamespaces",
                "services:\n  metricsPoller:\n    replicas: -1\n", "replicas",
                "image:\n  pullPolicy: Sometimes\n", "pullPolicy",
                "kafka:\n  security:\n    userSecrets:\n      poller: x\n", "poller");
        for (Map.Entry<String, String> bad : refused.entrySet()) {
            Path values = Files.writeString(dir.resolve("bad.yaml"), bad.getKey());
            assertThatThrownBy(() -> render(NAMESPACE, values))
                    .as("values %s", bad.getKey())
                    .hasMessageContaining("values don't meet the specifications of the schema")
                    .hasMessageContaining(bad.getValue());
        }
    }

    /** The rendered ConfigMap's config.toml, loaded as the services load it: no warning, no error. */
    private static ScaligatorConfig config(Path dir, List<Manifest> chart) throws IOException {
        ConfigMap map = chart.stream()
                .filter(m -> m.kind().equals("ConfigMap"))
                .findFirst()
                .orElseThrow()
                .as(ConfigMap.class);
        Path file = Files.writeString(dir.resolve("config.toml"), map.getData().get("config.toml"));
        ConfigLoader.Loaded loaded = ConfigLoader.load(file, Map.of());
        assertThat(loaded.warnings()).isEmpty();
        return loaded.config();
    }

    private static String secretName(Deployment d, String volume) {
        return d.getSpec().getTemplate().getSpec().getVolumes().stream()
                .filter(v -> v.getName().equals(volume))
                .map(Volume::getSecret)
                .findFirst()
                .orElseThrow()
                .getSecretName();
    }

    private static Set<String> kinds(List<Manifest> manifests) {
        return manifests.stream().map(Manifest::kind).collect(Collectors.toCollection(TreeSet::new));
    }

    private static Map<String, Deployment> deployments(List<Manifest> manifests) {
        return manifests.stream()
                .filter(m -> m.typed() instanceof Deployment)
                .collect(Collectors.toMap(Manifest::name, m -> m.as(Deployment.class)));
    }

    /** Roles and ClusterRoles by kind, namespace and name, with their rules: what a binding can grant. */
    private static Map<String, Object> rbacObjects(List<Manifest> manifests) {
        Function<Manifest, Object> rules = m -> m.typed() instanceof io.fabric8.kubernetes.api.model.rbac.Role r
                ? r.getRules()
                : ((io.fabric8.kubernetes.api.model.rbac.ClusterRole) m.typed()).getRules();
        return manifests.stream()
                .filter(m -> m.kind().equals("Role") || m.kind().equals("ClusterRole"))
                .collect(Collectors.toMap(m -> m.kind() + " " + m.namespace() + "/" + m.name(), rules));
    }
}
