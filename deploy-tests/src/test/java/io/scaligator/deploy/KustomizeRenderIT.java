package io.scaligator.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.scaligator.common.config.ConfigLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code kubectl kustomize deploy/} renders, and what it renders is the base, strictly typed and wired. */
class KustomizeRenderIT {

    private static final Set<String> CLUSTER_SCOPED =
            Set.of("Namespace", "ClusterRole", "ValidatingAdmissionPolicy", "ValidatingAdmissionPolicyBinding");

    @Test
    void kustomizeRendersTheBaseIntoTypedObjectsWiredToTheGeneratedConfigMap(@TempDir Path dir) throws Exception {
        String rendered = ExternalTool.require("kubectl", "kubernetes-client").run("kustomize", "deploy/");
        List<Manifest> objects = StrictManifests.read("kubectl kustomize deploy/", rendered);

        assertThat(objects)
                .extracting(Manifest::kind)
                .containsOnly(
                        "Namespace",
                        "ServiceAccount",
                        "Secret",
                        "ConfigMap",
                        "Service",
                        "Deployment",
                        "ClusterRole",
                        "Role",
                        "RoleBinding",
                        "ServiceMonitor",
                        "PrometheusRule",
                        "ValidatingAdmissionPolicy",
                        "ValidatingAdmissionPolicyBinding",
                        "NetworkPolicy");
        assertThat(objects)
                .filteredOn(m -> m.kind().equals("Deployment"))
                .extracting(Manifest::name)
                .containsExactlyInAnyOrder("alert-receiver", "metrics-poller", "decision-engine", "scale-actuator");
        // Namespaced objects stay where the files put them: RoleBindings in the watched namespaces.
        assertThat(objects)
                .filteredOn(m -> m.kind().equals("RoleBinding"))
                .extracting(Manifest::namespace)
                .containsOnly("default", "dev", "scaligator");
        assertThat(objects)
                .filteredOn(m -> !CLUSTER_SCOPED.contains(m.kind()) && !m.kind().equals("RoleBinding"))
                .extracting(Manifest::namespace)
                .containsOnly("scaligator");
        assertThat(objects)
                .filteredOn(m -> CLUSTER_SCOPED.contains(m.kind()))
                .extracting(Manifest::namespace)
                .containsOnlyNulls();
        assertThat(objects)
                .allSatisfy(m ->
                        assertThat(labels(m)).as("%s", m).containsEntry("app.kubernetes.io/part-of", "scaligator"));

        ConfigMap config = objects.stream()
                .filter(m -> m.kind().equals("ConfigMap"))
                .findFirst()
                .orElseThrow()
                .as(ConfigMap.class);
        assertThat(config.getMetadata().getName()).startsWith("scaligator-config-");
        assertThat(config.getData().get("config.toml")).isEqualTo(Repo.read("deploy/config.toml"));
        Path file =
                Files.writeString(dir.resolve("config.toml"), config.getData().get("config.toml"));
        assertThat(ConfigLoader.load(file, Map.of()).warnings()).isEmpty();
        for (Manifest m : objects) {
            if (m.typed() instanceof Deployment d) {
                assertThat(d.getSpec().getTemplate().getSpec().getVolumes())
                        .filteredOn(v -> v.getConfigMap() != null)
                        .allSatisfy(v -> assertThat(v.getConfigMap().getName())
                                .as("%s", m)
                                .isEqualTo(config.getMetadata().getName()));
                assertThat(d.getSpec()
                                .getTemplate()
                                .getSpec()
                                .getContainers()
                                .get(0)
                                .getImage())
                        .isEqualTo("scaligator/" + m.name() + ":0.1.0");
            }
        }
    }

    @Test
    void theClusterWideOverlayWatchesEveryNamespaceWithClusterRoleBindingsAndNoNamespaceGrants(@TempDir Path dir)
            throws Exception {
        String rendered = ExternalTool.require("kubectl", "kubernetes-client").run("kustomize", "deploy-cluster-wide/");
        List<Manifest> objects = StrictManifests.read("kubectl kustomize deploy-cluster-wide/", rendered);
        List<String> grantees = List.of("alert-receiver", "metrics-poller", "scale-actuator");

        for (String service : grantees) {
            assertThat(RbacRules.granted(objects, "scaligator", service))
                    .as(
                            "%s: the base's rules, granted cluster-wide but for a leader's Lease in its own namespace",
                            service)
                    .isNotEmpty()
                    .allSatisfy(grant -> assertThat(grant.namespace())
                            .as("%s", grant)
                            .isIn("*", grant.resource().equals("leases") ? "scaligator" : "*"))
                    .extracting(ApiCall::resource, ApiCall::verb)
                    .containsAll(RbacRules.granted(base(), "scaligator", service).stream()
                            .filter(grant -> !grant.namespace().equals("scaligator"))
                            .map(grant -> org.assertj.core.groups.Tuple.tuple(grant.resource(), grant.verb()))
                            .toList());
        }
        assertThat(objects)
                .filteredOn(m -> m.kind().equals("RoleBinding"))
                .extracting(Manifest::namespace)
                .containsOnly("scaligator");
        assertThat(objects)
                .filteredOn(m -> m.kind().equals("ClusterRoleBinding"))
                .hasSize(grantees.size());
        ConfigMap config = objects.stream()
                .filter(m -> m.kind().equals("ConfigMap"))
                .findFirst()
                .orElseThrow()
                .as(ConfigMap.class);
        Path file =
                Files.writeString(dir.resolve("config.toml"), config.getData().get("config.toml"));
        for (Manifest m : objects) {
            if (m.typed() instanceof Deployment d) {
                Map<String, String> env = new java.util.HashMap<>();
                d.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv().stream()
                        .filter(e -> e.getValue() != null)
                        .forEach(e -> env.put(e.getName(), e.getValue()));
                assertThat(ConfigLoader.load(file, env)
                                .config()
                                .namespaceScope()
                                .allNamespaces())
                        .as("%s watches every namespace", m.name())
                        .isTrue();
            }
        }
    }

    private static List<Manifest> base() throws Exception {
        String rendered = ExternalTool.require("kubectl", "kubernetes-client").run("kustomize", "deploy/");
        return StrictManifests.read("kubectl kustomize deploy/", rendered);
    }

    private static Map<String, String> labels(Manifest m) {
        if (m.typed() instanceof io.fabric8.kubernetes.api.model.HasMetadata h) {
            return h.getMetadata().getLabels();
        }
        return ((io.fabric8.kubernetes.client.CustomResource<?, ?>) m.typed())
                .getMetadata()
                .getLabels();
    }
}
