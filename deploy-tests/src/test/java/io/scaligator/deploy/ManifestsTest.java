package io.scaligator.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.openshift.api.model.monitoring.v1alpha1.AlertmanagerConfig;
import io.scaligator.common.config.ConfigLoader;
import io.scaligator.common.config.ScaligatorConfig;
import io.strimzi.api.kafka.model.kafka.Kafka;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Every manifest under deploy/ is a valid typed object, and the base is consistent with the shipped config. */
class ManifestsTest {

    private static final List<String> SERVICES =
            List.of("alert-receiver", "metrics-poller", "decision-engine", "scale-actuator");

    private static List<Manifest> all() {
        List<Manifest> all = new ArrayList<>();
        Repo.manifests().forEach(f -> all.addAll(StrictManifests.read(f)));
        return all;
    }

    private static List<Manifest> base() {
        return all().stream()
                .filter(m -> !m.source().startsWith("deploy/examples/")
                        && !m.source().startsWith("deploy/compose/"))
                .toList();
    }

    private static ScaligatorConfig shippedConfig() {
        return ConfigLoader.load(Repo.path("deploy/config.toml"), Map.of()).config();
    }

    @Test
    void everyManifestParsesIntoItsTypedModelWithNoUnknownField() {
        List<Path> files = Repo.manifests();
        assertThat(files)
                .extracting(p -> Repo.ROOT.relativize(p).toString())
                .contains(
                        "deploy/alert-receiver.yaml",
                        "deploy/examples/prometheusrule.yaml",
                        "deploy/examples/alertmanagerconfig.yaml",
                        "deploy/examples/strimzi-kafka.yaml",
                        "deploy/compose/k3s-manifests/sample-workload.yaml");
        List<Manifest> all = all();
        assertThat(all)
                .extracting(Manifest::kind)
                .contains(
                        "Namespace",
                        "ServiceAccount",
                        "Deployment",
                        "Service",
                        "Secret",
                        "ClusterRole",
                        "Role",
                        "RoleBinding",
                        "ServiceMonitor",
                        "PrometheusRule",
                        "AlertmanagerConfig",
                        "Kafka",
                        "KafkaNodePool");
        assertThat(all)
                .allSatisfy(m -> assertThat(m.name()).as("%s has a name", m).isNotBlank());
    }

    @Test
    void aMisspeltFieldIsRejectedNamingIt() {
        String deployment = """
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: web}
                spec:
                  replica: 2
                """;
        assertThatThrownBy(() -> StrictManifests.read("typo.yaml", deployment))
                .hasMessageContaining("typo.yaml#1")
                .hasMessageContaining("replica");
        String serviceMonitor = """
                apiVersion: monitoring.coreos.com/v1
                kind: ServiceMonitor
                metadata: {name: x}
                spec:
                  endpoint: [{port: ops}]
                """;
        assertThatThrownBy(() -> StrictManifests.read("typo.yaml", serviceMonitor))
                .hasMessageContaining("endpoint");
        String kafka = """
                apiVersion: kafka.strimzi.io/v1beta2
                kind: Kafka
                metadata: {name: x}
                spec:
                  kafka: {version: 4.1.0, listeners: [], replica: 3}
                """;
        assertThatThrownBy(() -> StrictManifests.read("typo.yaml", kafka)).hasMessageContaining("replica");
        assertThatThrownBy(
                        () -> StrictManifests.read("kind.yaml", "apiVersion: v9\nkind: Thing\nmetadata: {name: a}\n"))
                .hasMessageContaining("no typed model");
    }

    @Test
    void everyServiceRunsNonRootReadOnlyWithProbesResourcesAndTheSharedConfig() {
        ScaligatorConfig config = shippedConfig();
        Map<String, Integer> opsPorts = Map.of(
                "alert-receiver",
                config.receiver().opsPort(),
                "metrics-poller",
                config.poller().opsPort(),
                "decision-engine",
                config.engine().opsPort(),
                "scale-actuator",
                config.actuator().opsPort());
        List<Manifest> base = base();
        for (String service : SERVICES) {
            Deployment d = one(base, "Deployment", service).as(Deployment.class);
            assertThat(d.getMetadata().getNamespace()).isEqualTo("scaligator");
            PodSpec pod = d.getSpec().getTemplate().getSpec();
            assertThat(pod.getServiceAccountName()).isEqualTo(service);
            assertThat(pod.getSecurityContext().getRunAsNonRoot()).as(service).isTrue();
            assertThat(pod.getSecurityContext().getRunAsUser()).as(service).isEqualTo(65532L);
            Container c = pod.getContainers().get(0);
            assertThat(c.getImage()).isEqualTo("scaligator/" + service);
            assertThat(c.getSecurityContext().getReadOnlyRootFilesystem())
                    .as(service)
                    .isTrue();
            assertThat(c.getSecurityContext().getAllowPrivilegeEscalation())
                    .as(service)
                    .isFalse();
            assertThat(c.getSecurityContext().getCapabilities().getDrop()).containsExactly("ALL");
            assertThat(c.getResources().getRequests()).containsKeys("cpu", "memory");
            assertThat(c.getResources().getLimits()).containsKey("memory");
            int ops = c.getPorts().stream()
                    .filter(p -> "ops".equals(p.getName()))
                    .mapToInt(ContainerPort::getContainerPort)
                    .findFirst()
                    .orElseThrow();
            assertThat(ops).as("%s ops port = its config default", service).isEqualTo(opsPorts.get(service));
            assertThat(c.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/healthz");
            assertThat(c.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/readyz");
            assertThat(c.getLivenessProbe().getHttpGet().getPort().getStrVal()).isEqualTo("ops");
            assertThat(c.getArgs()).containsExactly("--config", "/etc/scaligator/config.toml");
            assertThat(mountOf(pod, c, "/etc/scaligator").getConfigMap().getName())
                    .isEqualTo("scaligator-config");
            // The JVM and Kafka Streams write to /tmp; the root filesystem is read-only.
            assertThat(mountOf(pod, c, "/tmp").getEmptyDir())
                    .as("%s /tmp", service)
                    .isNotNull();
            var svc = one(base, "Service", service).as(io.fabric8.kubernetes.api.model.Service.class);
            assertThat(svc.getSpec().getPorts())
                    .anySatisfy(p -> assertThat(p.getName()).isEqualTo("ops"));
        }
        assertThat(one(base, "Deployment", "scale-actuator")
                        .as(Deployment.class)
                        .getSpec()
                        .getReplicas())
                .as("a standby actuator for leader election")
                .isEqualTo(2);
        Deployment receiver = one(base, "Deployment", "alert-receiver").as(Deployment.class);
        assertThat(receiver.getSpec()
                        .getTemplate()
                        .getSpec()
                        .getContainers()
                        .get(0)
                        .getPorts())
                .anySatisfy(p -> assertThat(p.getContainerPort())
                        .isEqualTo(config.receiver().port()));
    }

    @Test
    void theReceiverReadsItsTokenFromTheMountedSecretWhichShipsEmpty() {
        ScaligatorConfig config = shippedConfig();
        List<Manifest> base = base();
        Deployment receiver = one(base, "Deployment", "alert-receiver").as(Deployment.class);
        PodSpec pod = receiver.getSpec().getTemplate().getSpec();
        Container c = pod.getContainers().get(0);
        Path tokenFile = Path.of(config.receiver().tokenFile());
        VolumeMount mount = c.getVolumeMounts().stream()
                .filter(m -> tokenFile.startsWith(m.getMountPath()))
                .findFirst()
                .orElseThrow(() -> new AssertionError("token_file " + tokenFile + " is not mounted"));
        Volume volume = pod.getVolumes().stream()
                .filter(v -> v.getName().equals(mount.getName()))
                .findFirst()
                .orElseThrow();
        Secret secret = one(base, "Secret", volume.getSecret().getSecretName()).as(Secret.class);
        String key = Path.of(mount.getMountPath()).relativize(tokenFile).toString();
        assertThat(secret.getStringData()).containsEntry(key, "");
        // The AlertmanagerConfig example presents the same Secret key.
        var am = one(all(), "AlertmanagerConfig", "scaligator").as(AlertmanagerConfig.class);
        var credentials = am.getSpec()
                .getReceivers()
                .get(0)
                .getWebhookConfigs()
                .get(0)
                .getHttpConfig()
                .getAuthorization()
                .getCredentials();
        assertThat(credentials.getName()).isEqualTo(secret.getMetadata().getName());
        assertThat(credentials.getKey()).isEqualTo(key);
        assertThat(am.getSpec().getReceivers().get(0).getWebhookConfigs().get(0).getUrl())
                .isEqualTo("http://alert-receiver.scaligator.svc:"
                        + config.receiver().port() + "/alerts");
    }

    @Test
    void roleBindingsSitInEveryWatchedNamespaceAndOnlyThere() {
        Set<String> watched = Set.copyOf(shippedConfig().watchNamespaces());
        List<Manifest> base = base();
        for (String service : List.of("alert-receiver", "metrics-poller", "scale-actuator")) {
            Set<String> bound = base.stream()
                    .filter(m -> m.typed() instanceof RoleBinding rb
                            && rb.getRoleRef().getKind().equals("ClusterRole")
                            && rb.getRoleRef().getName().equals("scaligator-" + service))
                    .map(Manifest::namespace)
                    .collect(Collectors.toSet());
            assertThat(bound)
                    .as("namespaces where %s's ClusterRole is bound", service)
                    .isEqualTo(watched);
        }
        assertThat(base).noneMatch(m -> m.kind().equals("ClusterRoleBinding"));
    }

    @Test
    void theStrimziExampleCreatesTheBootstrapServiceTheConfigNames() {
        ScaligatorConfig config = shippedConfig();
        Manifest kafka = one(all(), "Kafka", "scaligator");
        var listener = kafka.as(Kafka.class).getSpec().getKafka().getListeners().stream()
                .filter(l -> !l.isTls())
                .findFirst()
                .orElseThrow();
        // Strimzi names the bootstrap Service CLUSTER-kafka-bootstrap in the Kafka's namespace.
        assertThat(config.kafka().bootstrapServers())
                .isEqualTo(kafka.name() + "-kafka-bootstrap." + kafka.namespace() + ":" + listener.getPort());
        var pool = all().stream()
                .filter(m -> m.kind().equals("KafkaNodePool"))
                .findFirst()
                .orElseThrow();
        assertThat(pool.as(io.strimzi.api.kafka.model.nodepool.KafkaNodePool.class)
                        .getMetadata()
                        .getLabels())
                .containsEntry("strimzi.io/cluster", kafka.name());
        assertThat(pool.as(io.strimzi.api.kafka.model.nodepool.KafkaNodePool.class)
                        .getSpec()
                        .getReplicas())
                .isGreaterThanOrEqualTo(config.kafka().replicationFactor());
    }

    @Test
    void theShippedConfigsUseOnlyKeysTheCodeReads() {
        for (String file : List.of("deploy/config.toml", "deploy/compose/config.toml")) {
            ConfigLoader.Loaded loaded = ConfigLoader.load(Repo.path(file), Map.of());
            assertThat(loaded.warnings()).as(file).isEmpty();
        }
    }

    private static Manifest one(List<Manifest> manifests, String kind, String name) {
        List<Manifest> found = manifests.stream()
                .filter(m -> m.kind().equals(kind) && name.equals(m.name()))
                .toList();
        assertThat(found).as("%s %s", kind, name).hasSize(1);
        return found.get(0);
    }

    private static Volume mountOf(PodSpec pod, Container c, String path) {
        VolumeMount mount = c.getVolumeMounts().stream()
                .filter(m -> m.getMountPath().equals(path))
                .findFirst()
                .orElseThrow(() -> new AssertionError(c.getName() + " mounts nothing at " + path));
        return pod.getVolumes().stream()
                .filter(v -> v.getName().equals(mount.getName()))
                .findFirst()
                .orElseThrow();
    }
}
