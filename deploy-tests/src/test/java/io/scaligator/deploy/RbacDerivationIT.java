package io.scaligator.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.scaligator.actuator.ActuatorService;
import io.scaligator.common.config.ConfigLoader;
import io.scaligator.common.config.ScaligatorConfig;
import io.scaligator.common.event.ScaleCommand;
import io.scaligator.common.event.ScaleOutcome;
import io.scaligator.common.kafka.KafkaDefaults;
import io.scaligator.common.kafka.Topics;
import io.scaligator.common.serde.EventSerde;
import io.scaligator.common.service.ServiceContext;
import io.scaligator.common.target.TargetRef;
import io.scaligator.embedded.kafka.KafkaBroker;
import io.scaligator.embedded.kafka.SaslSslListener;
import io.scaligator.embedded.kube.MockKube;
import io.scaligator.embedded.kube.Workload;
import io.scaligator.poller.PollerService;
import io.scaligator.receiver.ReceiverApp;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Derives each service's Kubernetes permissions from its code: runs the service, started as its Main starts it,
 * with the sample deploy/config.toml, against the mock API server (CRUD mode) and a real broker, records every
 * request the API server received, maps each to the (namespace, group, resource, verb) RBAC would check, and
 * compares that set with what deploy/ grants the service's ServiceAccount, and with what the Helm chart rendered with
 * its default values grants it. No more, no fewer.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RbacDerivationIT {

    private static final Logger LOG = LoggerFactory.getLogger(RbacDerivationIT.class);
    private static final String OWN = "scaligator";
    private static final String TOKEN = "rbac-test-token-0123456789";
    private static final String KAFKA_USER = "scaligator";
    private static final String KAFKA_PASSWORD = "rbac-test-kafka-password";
    /** The User-Agent of the test's own probe client, whose requests are nobody's permissions. */
    private static final String PROBE_AGENT = "rbac-derivation-probe";

    private static final String ALL_NAMESPACES_ENV = "SCALIGATOR_WATCH_NAMESPACES";

    private KafkaBroker broker;
    /** deploy/config.toml with the Kafka Secret mount paths pointing at this test's files. */
    private Path shippedConfig;

    private MockKube kube;
    private List<Manifest> manifests;
    /** {@code helm template} of deploy/helm/scaligator with its default values, in namespace scaligator. */
    private List<Manifest> chart;
    /** The same with {@code watchNamespaces: ["*"]}. */
    private List<Manifest> chartClusterWide;

    private final Map<String, Set<ApiCall>> derivedByService = new LinkedHashMap<>();
    private final HttpClient http =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private Map<String, String> pods;
    private KubernetesClient probe;

    @BeforeAll
    void start(@TempDir Path dir) throws Exception {
        manifests = new ArrayList<>();
        for (Path file : Repo.manifests()) {
            if (!file.startsWith(Repo.path("deploy/examples")) && !file.startsWith(Repo.path("deploy/compose"))) {
                manifests.addAll(StrictManifests.read(file));
            }
        }
        chart = HelmChartIT.render(OWN, null);
        chartClusterWide =
                HelmChartIT.render(OWN, Files.writeString(dir.resolve("values.yaml"), "watchNamespaces: [\"*\"]\n"));
        shippedConfig = withSecretsIn(dir, startSecuredBroker(dir));
        kube = MockKube.start();
        pods = new HashMap<>();
        for (String ns : watched()) {
            Deployment web = kube.fixtures().deployment(Workload.of(ns, "web", 2));
            kube.fixtures().deploymentStatus(ns, "web", 2, 2);
            Pod webPod = kube.fixtures().deploymentPod(web, "abcde");
            var db = kube.fixtures().statefulSet(Workload.of(ns, "db", 1));
            kube.fixtures().statefulSetStatus(ns, "db", 1, 1);
            Pod dbPod = kube.fixtures().statefulSetPod(db, 0);
            kube.fixtures().hpa(ns, "other", "Deployment", "other", 1, 3);
            pods.put(ns + "/web", webPod.getMetadata().getName());
            pods.put(ns + "/db", dbPod.getMetadata().getName());
        }
        probe = new KubernetesClientBuilder()
                .withConfig(new ConfigBuilder()
                        .withMasterUrl(kube.masterUrl())
                        .withTrustCerts(true)
                        .withUserAgent(PROBE_AGENT)
                        .build())
                .build();
        drain(); // the fixtures' own requests are nobody's permissions
    }

    @AfterAll
    void stop() {
        if (probe != null) {
            probe.close();
        }
        if (kube != null) {
            kube.close();
        }
        if (broker != null) {
            broker.close();
        }
    }

    /**
     * The broker as deploy/ expects it: SASL_SSL with ACLs. One SCRAM user stands for every service here (the
     * per-service ACLs are SaslSslServicesIT's and ManifestsTest's subject); it may use any topic, group and
     * transactional id, because this test gives each service a topic prefix of its own.
     */
    private SaslSslListener startSecuredBroker(Path dir) throws Exception {
        SaslSslListener listener = SaslSslListener.generate(dir.resolve("tls"), "admin");
        broker = KafkaBroker.builder(dir.resolve("kafka")).saslSsl(listener).start();
        Map<String, Object> admin = new HashMap<>(listener.superUserClient());
        admin.put("bootstrap.servers", broker.bootstrapServers());
        try (Admin client = Admin.create(admin)) {
            client.alterUserScramCredentials(List.of(new UserScramCredentialUpsertion(
                            KAFKA_USER, new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, 8192), KAFKA_PASSWORD)))
                    .all()
                    .get(60, TimeUnit.SECONDS);
            List<AclBinding> acls = new ArrayList<>();
            for (ResourceType type : List.of(ResourceType.TOPIC, ResourceType.GROUP, ResourceType.TRANSACTIONAL_ID)) {
                acls.add(new AclBinding(
                        new ResourcePattern(type, ResourcePattern.WILDCARD_RESOURCE, PatternType.LITERAL),
                        new AccessControlEntry("User:" + KAFKA_USER, "*", AclOperation.ALL, AclPermissionType.ALLOW)));
            }
            client.createAcls(acls).all().get(60, TimeUnit.SECONDS);
        }
        return listener;
    }

    /** Writes the files the Secrets would hold and points the shipped config's mount paths at them. */
    private static Path withSecretsIn(Path dir, SaslSslListener listener) throws IOException {
        Path user = Files.createDirectories(dir.resolve("kafka-user"));
        Files.writeString(
                user.resolve("sasl.jaas.config"),
                "org.apache.kafka.common.security.scram.ScramLoginModule " + "required username=\"" + KAFKA_USER
                        + "\" password=\"" + KAFKA_PASSWORD + "\";");
        Path ca = Files.createDirectories(dir.resolve("kafka-ca"));
        Files.copy(listener.certificatePem(), ca.resolve("ca.crt"));
        String shipped = Repo.read("deploy/config.toml");
        String local = shipped.replace("/var/run/secrets/kafka/user", user.toString())
                .replace("/var/run/secrets/kafka/ca", ca.toString());
        assertThat(local)
                .as("deploy/config.toml reads the Kafka Secrets from their mount paths")
                .isNotEqualTo(shipped);
        return Files.writeString(dir.resolve("config.toml"), local);
    }

    private List<String> watched() {
        return config("none", Map.of()).watchNamespaces();
    }

    /**
     * deploy/config.toml as shipped, with only the addresses, ports, topic prefix and token of this test and the
     * Kafka Secrets' mount paths.
     */
    private ScaligatorConfig config(String service, Map<String, String> extra) {
        Map<String, String> env = new HashMap<>();
        env.put("SCALIGATOR_KAFKA_BOOTSTRAP_SERVERS", broker == null ? "127.0.0.1:9" : broker.bootstrapServers());
        env.put("SCALIGATOR_KAFKA_REPLICATION_FACTOR", "1");
        env.put("SCALIGATOR_KAFKA_PARTITIONS", "2");
        env.put("SCALIGATOR_KAFKA_TOPIC_PREFIX", service + ".");
        env.put("SCALIGATOR_PROMETHEUS_URL", "http://127.0.0.1:1");
        env.put("SCALIGATOR_RECEIVER_BIND_ADDRESS", "127.0.0.1");
        env.put("SCALIGATOR_RECEIVER_PORT", "0");
        env.put("SCALIGATOR_RECEIVER_OPS_PORT", "0");
        env.put("SCALIGATOR_RECEIVER_TOKEN", TOKEN);
        env.put("SCALIGATOR_POLLER_OPS_PORT", "0");
        env.put("SCALIGATOR_POLLER_OPS_BIND_ADDRESS", "127.0.0.1");
        env.put("SCALIGATOR_ACTUATOR_OPS_PORT", "0");
        env.put("SCALIGATOR_ACTUATOR_OPS_BIND_ADDRESS", "127.0.0.1");
        env.put("SCALIGATOR_ACTUATOR_IDENTITY", "actuator-0");
        env.put("SCALIGATOR_ACTUATOR_LEASE_DURATION", "3s");
        env.put("SCALIGATOR_ACTUATOR_RENEW_DEADLINE", "2s");
        env.put("SCALIGATOR_ACTUATOR_RETRY_PERIOD", "200ms");
        env.put("SCALIGATOR_POLLER_IDENTITY", "poller-0");
        env.put("SCALIGATOR_POLLER_LEASE_DURATION", "3s");
        env.put("SCALIGATOR_POLLER_RENEW_DEADLINE", "2s");
        env.put("SCALIGATOR_POLLER_RETRY_PERIOD", "200ms");
        env.putAll(extra);
        return ConfigLoader.load(shippedConfig, env).config();
    }

    /** The context a service's Main gives it, on {@code client}; an exit request fails the test. */
    private static ServiceContext context(String name, ScaligatorConfig config, KubernetesClient client) {
        return ServiceContext.builder(name, config)
                .share(KubernetesClient.class, client)
                .exit(status -> {
                    throw new IllegalStateException("exit(" + status + ")");
                })
                .build();
    }

    /** A client as the services' Mains build one, on the mock server. */
    private KubernetesClient client() {
        return new KubernetesClientBuilder()
                .withConfig(new ConfigBuilder()
                        .withMasterUrl(kube.masterUrl())
                        .withTrustCerts(true)
                        .withRequestRetryBackoffLimit(0)
                        .withNamespace(OWN)
                        .build())
                .build();
    }

    @Test
    void receiverIsGrantedExactlyThePodResolutionItPerforms() throws Exception {
        ScaligatorConfig config = config("receiver", Map.of());
        assertThat(config.receiver().resolvePods())
                .as("deploy/config.toml keeps pod resolution on")
                .isTrue();
        try (KubernetesClient client = client()) {
            ReceiverApp app = ReceiverApp.start(context("alert-receiver", config, client));
            try {
                for (String ns : watched()) {
                    // A Deployment's pod (pod -> ReplicaSet -> Deployment), a StatefulSet's pod, and an unknown pod.
                    for (String pod : List.of(pods.get(ns + "/web"), pods.get(ns + "/db"), "gone-0")) {
                        HttpResponse<String> response = post(app.port(), alert(ns, pod));
                        assertThat(response.statusCode()).as(response.body()).isBetween(200, 299);
                    }
                }
            } finally {
                app.close();
            }
        }
        assertExactlyGranted("alert-receiver", drain());
    }

    @Test
    void pollerIsGrantedExactlyTheListsAndWatchesOfItsInformers() {
        assertExactlyGranted("metrics-poller", pollerCalls(Map.of(), watched().size()));
    }

    @Test
    void pollerWatchingEveryNamespaceIsGrantedExactlyThatByTheClusterWideOverlay() throws Exception {
        assertExactlyGrantedClusterWide("metrics-poller", pollerCalls(Map.of(ALL_NAMESPACES_ENV, "*"), 1));
    }

    /**
     * The poller's calls until its informers watch (5 per watched namespace, or 5 cluster-wide ones), its first
     * cycle listed the KEDA ScaledObjects of each and it renewed its Lease, then closing (which releases the Lease).
     */
    private List<ApiCall> pollerCalls(Map<String, String> env, int scopes) {
        Map<String, String> fast = new HashMap<>(env);
        fast.put("SCALIGATOR_RECONCILE_INTERVAL", "1s"); // the first cycle comes sooner; the calls are the same
        ScaligatorConfig config = config("poller", fast);
        probe.leases().inNamespace(OWN).delete(); // each run takes the Lease from scratch, as a first start does
        List<ApiCall> calls = new ArrayList<>();
        try (KubernetesClient client = client()) {
            PollerService poller = PollerService.start(context("metrics-poller", config, client));
            try {
                await().atMost(Duration.ofSeconds(60)).until(() -> {
                    calls.addAll(drain());
                    return calls.stream().filter(c -> c.verb().equals("watch")).count() >= 5L * scopes
                            && calls.stream()
                                            .filter(c -> c.resource().equals("scaledobjects"))
                                            .map(ApiCall::namespace)
                                            .distinct()
                                            .count()
                                    >= scopes
                            && calls.stream()
                                    .anyMatch(c -> c.resource().equals("leases")
                                            && c.verb().equals("patch"));
                });
            } finally {
                poller.close();
            }
        }
        calls.addAll(drain());
        return calls;
    }

    @Test
    void actuatorIsGrantedExactlyWhatApplyingCommandsEventsAndItsLeaseUse() throws Exception {
        assertExactlyGranted("scale-actuator", actuatorCalls(Map.of(), watched(), ""));
    }

    @Test
    void actuatorWatchingEveryNamespaceIsGrantedExactlyThatByTheClusterWideOverlay() throws Exception {
        String ns = "team-a"; // in no watch_namespaces list: reached only through "*"
        kube.fixtures().deployment(Workload.of(ns, "web", 2));
        kube.fixtures().statefulSet(Workload.of(ns, "db", 1));
        drain();
        assertExactlyGrantedClusterWide(
                "scale-actuator", actuatorCalls(Map.of(ALL_NAMESPACES_ENV, "*"), List.of(ns), "all-"));
    }

    /** The actuator's calls while it applies commands in the namespaces, repeats a scale and answers /readyz. */
    private List<ApiCall> actuatorCalls(Map<String, String> env, List<String> namespaces, String idPrefix)
            throws Exception {
        ScaligatorConfig config = config("actuator" + idPrefix, env);
        probe.leases().inNamespace(OWN).delete(); // each run takes the Lease from scratch, as a first start does
        Topics topics = new Topics(config.kafka().topicPrefix());
        KafkaDefaults kafka =
                new KafkaDefaults(broker.bootstrapServers(), config.kafka().properties());
        try (KubernetesClient client = client()) {
            ActuatorService actuator = ActuatorService.start(context("scale-actuator", config, client));
            try {
                await().atMost(Duration.ofSeconds(30)).until(actuator::leading);
                List<ScaleCommand> commands = new ArrayList<>();
                for (String ns : namespaces) {
                    commands.add(command(idPrefix + ns + "-web", TargetRef.deployment(ns, "web"), 2, 3));
                    commands.add(command(idPrefix + ns + "-db", TargetRef.statefulSet(ns, "db"), 1, 2));
                    // Workloads its informer cache does not hold are read from the API server (GET): these do
                    // not exist at all, so the read is certain to happen.
                    commands.add(command(idPrefix + ns + "-gone", TargetRef.deployment(ns, "gone"), 1, 2));
                    commands.add(command(idPrefix + ns + "-gone-db", TargetRef.statefulSet(ns, "gone-db"), 1, 2));
                }
                send(kafka, topics, commands);
                List<ScaleOutcome> outcomes = awaitOutcomes(kafka, topics, commands.size());
                assertThat(outcomes).as("outcomes %s", outcomes).allSatisfy(o -> assertThat(o.status())
                        .isEqualTo(
                                o.target().name().startsWith("gone")
                                        ? ScaleOutcome.Status.FAILED
                                        : ScaleOutcome.Status.APPLIED));
                // A second scale of web once its first ScaledUp Event exists: the repeat updates that Event.
                await().atMost(Duration.ofSeconds(30))
                        .until(() -> namespaces.stream().allMatch(ns -> scaledUpCount(ns, "web") == 1));
                List<ScaleCommand> again = namespaces.stream()
                        .map(ns -> command(idPrefix + ns + "-web-again", TargetRef.deployment(ns, "web"), 3, 4))
                        .toList();
                send(kafka, topics, again);
                assertThat(awaitOutcomes(kafka, topics, commands.size() + again.size()))
                        .filteredOn(o -> again.stream().anyMatch(c -> c.id().equals(o.commandId())))
                        .extracting(ScaleOutcome::status)
                        .containsOnly(ScaleOutcome.Status.APPLIED);
                await().atMost(Duration.ofSeconds(30))
                        .until(() -> namespaces.stream().allMatch(ns -> scaledUpCount(ns, "web") == 2));
                // /readyz reads the Lease too.
                HttpResponse<String> ready = http.send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + actuator.opsPort() + "/readyz"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(ready.statusCode()).as(ready.body()).isEqualTo(200);
            } finally {
                actuator.close(); // releases the Lease
            }
        }
        return drain();
    }

    @Test
    void engineHasNoKubernetesClientNoTokenAndNoGrants() throws IOException {
        assertThat(Repo.read("decision-engine/pom.xml")).doesNotContain("io.fabric8");
        assertThat(Repo.read("common/pom.xml")).doesNotContain("io.fabric8");
        try (Stream<Path> sources = Files.walk(Repo.path("decision-engine/src/main"))) {
            assertThat(sources.filter(Files::isRegularFile)
                            .filter(p -> Repo.read(Repo.ROOT.relativize(p).toString())
                                    .contains("io.fabric8"))
                            .toList())
                    .isEmpty();
        }
        Manifest sa = manifests.stream()
                .filter(m -> m.kind().equals("ServiceAccount") && "decision-engine".equals(m.name()))
                .findFirst()
                .orElseThrow();
        assertThat(sa.as(io.fabric8.kubernetes.api.model.ServiceAccount.class).getAutomountServiceAccountToken())
                .isFalse();
        Deployment engine = manifests.stream()
                .filter(m -> m.kind().equals("Deployment") && "decision-engine".equals(m.name()))
                .findFirst()
                .orElseThrow()
                .as(Deployment.class);
        assertThat(engine.getSpec().getTemplate().getSpec().getAutomountServiceAccountToken())
                .isFalse();
        assertThat(RbacRules.granted(manifests, OWN, "decision-engine")).isEmpty();
        assertThat(RbacRules.granted(chart, OWN, "decision-engine")).isEmpty();
        derivedByService.put("decision-engine", Set.of());
    }

    @AfterAll
    void printTable() {
        derivedByService.forEach((service, calls) -> LOG.info("{}: derived = granted = {}", service, calls));
    }

    /**
     * With watch_namespaces "*": the grants of deploy-cluster-wide/ (rendered by kubectl kustomize). A call in a
     * namespace other than Scaligator's own needs the grant everywhere ("*"), which is all the overlay gives.
     */
    private void assertExactlyGrantedClusterWide(String service, List<ApiCall> calls) throws Exception {
        String rendered = ExternalTool.require("kubectl", "kubernetes-client").run("kustomize", "deploy-cluster-wide/");
        List<Manifest> overlay = StrictManifests.read("kubectl kustomize deploy-cluster-wide/", rendered);
        Set<ApiCall> derived = calls.stream()
                .map(c -> c.namespace().equals(OWN) ? c : new ApiCall("*", c.group(), c.resource(), c.verb()))
                .collect(Collectors.toCollection(TreeSet::new));
        assertThat(derived).as("%s made API calls", service).isNotEmpty();
        assertThat(RbacRules.granted(overlay, OWN, service))
                .as("RBAC of %s in deploy-cluster-wide/ (left: granted, right: derived from its code)", service)
                .containsExactlyElementsOf(derived);
        assertThat(RbacRules.granted(chartClusterWide, OWN, service))
                .as(
                        "RBAC of %s in the Helm chart with watchNamespaces [\"*\"] (left: granted, right: derived)",
                        service)
                .containsExactlyElementsOf(derived);
        derivedByService.put(service + " (cluster-wide)", derived);
    }

    private void assertExactlyGranted(String service, List<ApiCall> calls) {
        Set<ApiCall> derived = new TreeSet<>(calls);
        Set<ApiCall> granted = RbacRules.granted(manifests, OWN, service);
        assertThat(derived).as("%s made API calls", service).isNotEmpty();
        assertThat(granted)
                .as("RBAC of %s in deploy/ (left: granted, right: derived from its code)", service)
                .containsExactlyElementsOf(derived);
        assertThat(RbacRules.granted(chart, OWN, service))
                .as("RBAC of %s in the Helm chart, default values (left: granted, right: derived)", service)
                .containsExactlyElementsOf(derived);
        derivedByService.put(service, derived);
    }

    /** Every request the mock API server received since the last drain but the probe's, as RBAC permissions. */
    private List<ApiCall> drain() {
        List<ApiCall> calls = new ArrayList<>();
        try {
            RecordedRequest request;
            while ((request = kube.server().takeRequest(50, TimeUnit.MILLISECONDS)) != null) {
                if (!PROBE_AGENT.equals(request.getHeader("User-Agent"))) {
                    calls.add(ApiCall.of(request.getMethod(), request.getPath()));
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        return calls;
    }

    private static ScaleCommand command(String id, TargetRef target, int from, int to) {
        return new ScaleCommand(
                "cmd-" + id,
                "decision-" + id,
                target,
                from,
                to,
                "cpu",
                "rbac derivation",
                Instant.now(),
                "policy-rbac");
    }

    private static void send(KafkaDefaults kafka, Topics topics, List<ScaleCommand> commands) {
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(kafka.producer("rbac-it"))) {
            EventSerde<ScaleCommand> serde = EventSerde.of(ScaleCommand.class);
            for (ScaleCommand c : commands) {
                producer.send(new ProducerRecord<>(topics.commands(), c.key(), serde.serialize(topics.commands(), c)));
            }
        }
    }

    /** The count of the ScaledUp Event on a workload (0 if none), read by the test's probe client. */
    private int scaledUpCount(String namespace, String workload) {
        return probe.v1().events().inNamespace(namespace).list().getItems().stream()
                .filter(e -> workload.equals(e.getInvolvedObject().getName()) && "ScaledUp".equals(e.getReason()))
                .mapToInt(e -> e.getCount() == null ? 1 : e.getCount())
                .sum();
    }

    private static List<ScaleOutcome> awaitOutcomes(KafkaDefaults kafka, Topics topics, int count) {
        EventSerde<ScaleOutcome> serde = EventSerde.of(ScaleOutcome.class);
        List<ScaleOutcome> outcomes = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(kafka.groupLessConsumer("rbac-it"))) {
            List<TopicPartition> partitions = consumer.partitionsFor(topics.outcomes()).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition()))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                consumer.poll(Duration.ofMillis(100))
                        .forEach(r -> outcomes.add(serde.deserialize(r.topic(), r.value())));
                return outcomes.size() >= count;
            });
        }
        return outcomes;
    }

    private HttpResponse<String> post(int port, String body) throws IOException, InterruptedException {
        return http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/alerts"))
                        .header("Authorization", "Bearer " + TOKEN)
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static String alert(String namespace, String pod) {
        String labels = Stream.of(
                        "\"alertname\":\"HighCPUUsage\"",
                        "\"namespace\":\"" + namespace + "\"",
                        "\"pod\":\"" + pod + "\"")
                .collect(Collectors.joining(","));
        return """
                {"version":"4","groupKey":"{}:{alertname=\\"HighCPUUsage\\"}","truncatedAlerts":0,"status":"firing",
                 "receiver":"scaligator","groupLabels":{"alertname":"HighCPUUsage"},"commonLabels":{%s},
                 "commonAnnotations":{},"externalURL":"http://alertmanager:9093",
                 "alerts":[{"status":"firing","labels":{%s},"annotations":{},
                   "startsAt":"2026-01-01T00:00:00Z","endsAt":"0001-01-01T00:00:00Z",
                   "generatorURL":"http://prometheus:9090/graph","fingerprint":"%s"}]}
                """.formatted(labels, labels, Integer.toHexString((namespace + pod).hashCode()));
    }
}
