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
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.openshift.api.model.monitoring.v1alpha1.AlertmanagerConfig;
import io.scaligator.common.config.ConfigLoader;
import io.scaligator.common.config.ScaligatorConfig;
import io.scaligator.common.kafka.Topics;
import io.strimzi.api.kafka.model.kafka.Kafka;
import io.strimzi.api.kafka.model.topic.KafkaTopic;
import io.strimzi.api.kafka.model.user.KafkaUser;
import io.strimzi.api.kafka.model.user.KafkaUserAuthorizationSimple;
import io.strimzi.api.kafka.model.user.acl.AclResourcePatternType;
import io.strimzi.api.kafka.model.user.acl.AclRule;
import io.strimzi.api.kafka.model.user.acl.AclRuleTopicResource;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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
                        "KafkaNodePool",
                        "KafkaTopic",
                        "KafkaUser",
                        "NetworkPolicy");
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
        int engines = one(base, "Deployment", "decision-engine")
                .as(Deployment.class)
                .getSpec()
                .getReplicas();
        assertThat(config.engine().standbyReplicas())
                .as(
                        "each engine's state kept warm on another of the %d engines, and no more copies than engines"
                                + " to hold them",
                        engines)
                .isEqualTo(engines - 1);
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
    void theStrimziExampleCreatesTheBootstrapServiceTheConfigNamesOnATlsScramListenerWithAcls() {
        ScaligatorConfig config = shippedConfig();
        Manifest kafka = one(all(), "Kafka", "scaligator");
        var spec = kafka.as(Kafka.class).getSpec().getKafka();
        var listener = spec.getListeners().stream()
                .filter(l -> config.kafka().bootstrapServers().endsWith(":" + l.getPort()))
                .findFirst()
                .orElseThrow();
        // Strimzi names the bootstrap Service CLUSTER-kafka-bootstrap in the Kafka's namespace.
        assertThat(config.kafka().bootstrapServers())
                .isEqualTo(kafka.name() + "-kafka-bootstrap." + kafka.namespace() + ":" + listener.getPort());
        assertThat(spec.getListeners()).as("no listener without TLS and SCRAM").allSatisfy(l -> {
            assertThat(l.isTls()).isTrue();
            assertThat(l.getAuth().getType()).isEqualTo("scram-sha-512");
        });
        assertThat(spec.getAuthorization().getType()).isEqualTo("simple");
        assertThat(config.kafka().properties())
                .containsEntry("security.protocol", "SASL_SSL")
                .containsEntry("sasl.mechanism", "SCRAM-SHA-512");
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
    void everyServiceKafkaUserIsAllowedExactlyTheTopicOperationsTheServiceUses() {
        ScaligatorConfig config = shippedConfig();
        Topics t = new Topics(config.kafka().topicPrefix());
        Map<String, Set<String>> describeAll =
                t.all().stream().collect(Collectors.toMap(n -> n, n -> Set.of("DESCRIBE")));
        // The engine also writes alerts (resolves it maps back by fingerprint) and the alert index it reads.
        Map<String, Map<String, Set<String>>> expected = Map.of(
                "alert-receiver", Map.of(t.alerts(), Set.of("DESCRIBE", "WRITE")),
                "metrics-poller", with(describeAll, Map.of(t.observations(), "WRITE")),
                "decision-engine",
                        with(
                                with(
                                        with(
                                                describeAll,
                                                Map.of(
                                                        t.alerts(),
                                                        "READ",
                                                        t.observations(),
                                                        "READ",
                                                        t.decisions(),
                                                        "WRITE",
                                                        t.commands(),
                                                        "WRITE",
                                                        t.policies(),
                                                        "WRITE")),
                                        Map.of(t.alerts(), "WRITE", t.alertIndex(), "READ", t.deadLetters(), "WRITE")),
                                Map.of(t.alertIndex(), "WRITE", t.checkpoints(), "WRITE")),
                "scale-actuator",
                        Map.of(t.commands(), Set.of("DESCRIBE", "READ"), t.outcomes(), Set.of("DESCRIBE", "WRITE")),
                "audit", t.all().stream().collect(Collectors.toMap(n -> n, n -> Set.of("DESCRIBE", "READ"))));
        for (var service : expected.entrySet()) {
            KafkaUser user =
                    one(all(), "KafkaUser", "scaligator-" + service.getKey()).as(KafkaUser.class);
            assertThat(user.getSpec().getAuthentication().getType()).isEqualTo("scram-sha-512");
            List<AclRule> acls = ((KafkaUserAuthorizationSimple) user.getSpec().getAuthorization()).getAcls();
            Map<String, Set<String>> literalTopics = acls.stream()
                    .filter(a -> a.getResource() instanceof AclRuleTopicResource r
                            && r.getPatternType() == AclResourcePatternType.LITERAL)
                    .collect(Collectors.toMap(
                            a -> ((AclRuleTopicResource) a.getResource()).getName(),
                            a -> a.getOperations().stream().map(Enum::name).collect(Collectors.toSet()),
                            (x, y) -> {
                                throw new AssertionError("two ACL rules for one topic of " + user);
                            }));
            assertThat(literalTopics).as("topic ACLs of %s", service.getKey()).isEqualTo(service.getValue());
        }
        // The engine alone owns the prefix of its Streams internal topics, group and transactional ids.
        String appId = config.engine().applicationId();
        KafkaUser engine = one(all(), "KafkaUser", "scaligator-decision-engine").as(KafkaUser.class);
        assertThat(((KafkaUserAuthorizationSimple) engine.getSpec().getAuthorization()).getAcls())
                .filteredOn(a -> a.getResource() instanceof AclRuleTopicResource r
                        && r.getPatternType() == AclResourcePatternType.PREFIX)
                .singleElement()
                .satisfies(a -> assertThat(((AclRuleTopicResource) a.getResource()).getName())
                        .isEqualTo(appId));
    }

    @Test
    void theTopicOperatorCreatesEveryTopicWithTheConfiguredLayout() {
        ScaligatorConfig config = shippedConfig();
        Topics t = new Topics(config.kafka().topicPrefix());
        Map<String, KafkaTopic> topics = all().stream()
                .filter(m -> m.kind().equals("KafkaTopic"))
                .map(m -> m.as(KafkaTopic.class))
                .collect(Collectors.toMap(k -> k.getSpec().getTopicName(), k -> k));
        assertThat(topics.keySet()).containsExactlyInAnyOrderElementsOf(t.all());
        topics.forEach((name, topic) -> {
            assertThat(topic.getSpec().getReplicas()).as(name).isEqualTo((int)
                    config.kafka().replicationFactor());
            assertThat(topic.getSpec().getPartitions())
                    .as(name)
                    .isEqualTo(name.equals(t.policies()) ? 1 : config.kafka().partitions());
        });
        assertThat(topics.get(t.policies()).getSpec().getConfig()).containsEntry("cleanup.policy", "compact");
        // the retention a service would create each topic with, so that both ways of creating them agree
        topics.forEach((name, topic) -> {
            Map<String, String> configs = new java.util.TreeMap<>();
            topic.getSpec().getConfig().forEach((k, v) -> configs.put(k, String.valueOf(v)));
            assertThat(configs)
                    .as(name)
                    .isEqualTo(new java.util.TreeMap<>(io.scaligator.common.kafka.TopicAdmin.configs(
                            config.kafka().retention(), t.compacted().contains(name))));
        });
    }

    @Test
    void everyServiceMountsItsOwnKafkaUserSecretAndTheConfigHoldsNoKafkaSecret() {
        Map<String, String> properties = shippedConfig().kafka().properties();
        String jaas = properties.get("sasl.jaas.config");
        Matcher reference =
                Pattern.compile("\\$\\{secrets:([^:]+):sasl\\.jaas\\.config}").matcher(jaas);
        assertThat(reference.matches())
                .as("sasl.jaas.config comes from a config provider: %s", jaas)
                .isTrue();
        assertThat(properties.get("config.providers.secrets.class"))
                .isEqualTo("org.apache.kafka.common.config.provider.DirectoryConfigProvider");
        assertThat(properties).noneSatisfy((key, value) -> assertThat(key).containsIgnoringCase("password"));
        String truststore = properties.get("ssl.truststore.location");
        for (String service : SERVICES) {
            Deployment d = one(base(), "Deployment", service).as(Deployment.class);
            PodSpec pod = d.getSpec().getTemplate().getSpec();
            Container c = pod.getContainers().get(0);
            assertThat(mountOf(pod, c, reference.group(1)).getSecret().getSecretName())
                    .as(service)
                    .isEqualTo("scaligator-" + service);
            assertThat(mountOf(pod, c, Path.of(truststore).getParent().toString())
                            .getSecret()
                            .getSecretName())
                    .as(service)
                    .isEqualTo("scaligator-kafka-ca");
            one(all(), "KafkaUser", "scaligator-" + service);
        }
    }

    @Test
    void networkPoliciesDenyByDefaultAndOpenOnlyWhatEachServiceUses() {
        List<NetworkPolicy> policies = base().stream()
                .filter(m -> m.kind().equals("NetworkPolicy"))
                .map(m -> m.as(NetworkPolicy.class))
                .toList();
        assertThat(policies)
                .allSatisfy(p -> assertThat(p.getMetadata().getNamespace()).isEqualTo("scaligator"));
        assertThat(policies).anySatisfy(p -> {
            assertThat(p.getSpec().getPodSelector().getMatchLabels()).isNullOrEmpty();
            assertThat(p.getSpec().getPodSelector().getMatchExpressions()).isNullOrEmpty();
            assertThat(p.getSpec().getPolicyTypes()).containsExactlyInAnyOrder("Ingress", "Egress");
            assertThat(p.getSpec().getIngress()).isNullOrEmpty();
            assertThat(p.getSpec().getEgress()).isNullOrEmpty();
        });
        // Only the Kafka listener's port is open towards namespace kafka, and the broker opens it only to us.
        int kafkaPort =
                Integer.parseInt(shippedConfig().kafka().bootstrapServers().replaceAll(".*:", ""));
        assertThat(policies.stream()
                        .flatMap(p -> p.getSpec().getEgress() == null
                                ? java.util.stream.Stream.empty()
                                : p.getSpec().getEgress().stream())
                        .filter(e -> e.getTo() != null
                                && e.getTo().stream()
                                        .anyMatch(to -> to.getNamespaceSelector() != null
                                                && "kafka"
                                                        .equals(to.getNamespaceSelector()
                                                                .getMatchLabels()
                                                                .get("kubernetes.io/metadata.name"))))
                        .flatMap(e -> e.getPorts().stream())
                        .map(port -> port.getPort().getIntVal()))
                .containsExactly(kafkaPort);
        var peers = one(all(), "Kafka", "scaligator")
                .as(Kafka.class)
                .getSpec()
                .getKafka()
                .getListeners()
                .get(0)
                .getNetworkPolicyPeers();
        assertThat(peers).singleElement().satisfies(peer -> {
            assertThat(peer.getNamespaceSelector().getMatchLabels())
                    .containsEntry("kubernetes.io/metadata.name", "scaligator");
            assertThat(peer.getPodSelector().getMatchLabels()).containsEntry("app.kubernetes.io/part-of", "scaligator");
        });
        // The decision engine talks to Kafka only: no policy opens the API server's ports to it.
        assertThat(policies)
                .filteredOn(p -> p.getSpec().getEgress() != null
                        && p.getSpec().getEgress().stream()
                                .anyMatch(e -> e.getPorts() != null
                                        && e.getPorts().stream()
                                                .anyMatch(port -> port.getPort().getIntVal() != null
                                                        && port.getPort().getIntVal() == 443)))
                .allSatisfy(p -> assertThat(p.getSpec().getPodSelector().getMatchExpressions())
                        .singleElement()
                        .satisfies(e -> assertThat(e.getValues())
                                .doesNotContain("decision-engine")
                                .containsExactlyInAnyOrder("alert-receiver", "metrics-poller", "scale-actuator")));
    }

    private static Map<String, Set<String>> with(Map<String, Set<String>> base, Map<String, String> added) {
        Map<String, Set<String>> result = new java.util.HashMap<>();
        base.forEach((topic, operations) -> result.put(topic, new java.util.HashSet<>(operations)));
        added.forEach((topic, operation) -> result.get(topic).add(operation));
        return result;
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
