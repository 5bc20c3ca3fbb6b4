package io.scaligator.local.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.scaligator.actuator.ActuatorService;
import io.scaligator.audit.read.LogReader;
import io.scaligator.audit.read.Recorded;
import io.scaligator.audit.read.TimeRange;
import io.scaligator.common.config.ConfigLoader;
import io.scaligator.common.config.ScaligatorConfig;
import io.scaligator.common.kafka.KafkaDefaults;
import io.scaligator.common.kafka.KafkaRefusedException;
import io.scaligator.common.kafka.Topics;
import io.scaligator.common.service.ServiceContext;
import io.scaligator.common.service.ServiceFactory;
import io.scaligator.embedded.Loopback;
import io.scaligator.embedded.kafka.KafkaBroker;
import io.scaligator.embedded.kafka.SaslSslListener;
import io.scaligator.embedded.kube.SimulatedCluster;
import io.scaligator.engine.DecisionEngine;
import io.scaligator.poller.PollerService;
import io.scaligator.receiver.ReceiverApp;
import io.scaligator.testkit.Started;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.common.acl.AclBinding;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The four services and the audit reader against a broker that serves only SASL_SSL with ACLs, each connecting as
 * its own SCRAM user with exactly the ACLs {@link ServiceAcls} grants, its credentials read from a file through
 * Kafka's FileConfigProvider (as from a mounted Kubernetes Secret): a trigger goes through the whole chain. A user
 * without its ACLs is refused at start with a message naming the topic and the operation.
 */
class SaslSslServicesIT {
    private static final String TOKEN = "secure-e2e-token-0123456789";
    private static final String ENGINE_APP_ID = "scaligator-decision-engine";
    private static final String ACTUATOR_ID = "scaligator-actuator-scaligator-actuator";
    private static final Topics TOPICS = new Topics("scaligator.");

    @TempDir
    static Path dir;

    private static final Started started = new Started();
    private static SaslSslListener listener;
    private static KafkaBroker broker;
    private static KubernetesClient kube;
    private static ReceiverApp receiver;

    @BeforeAll
    static void startSecuredStack() throws Exception {
        listener = SaslSslListener.generate(dir.resolve("tls"), "admin");
        broker = track(
                KafkaBroker.builder(dir.resolve("kafka")).saslSsl(listener).start());
        ServiceAcls acls = new ServiceAcls(TOPICS, ENGINE_APP_ID, ACTUATOR_ID);
        try (Admin admin = Admin.create(client(listener.superUserClient()))) {
            admin.createTopics(TOPICS.all().stream()
                            .map(t -> new NewTopic(t, 1, (short) 1))
                            .toList())
                    .all()
                    .get(60, TimeUnit.SECONDS);
            for (String user : List.of("receiver", "poller", "engine", "actuator", "audit", "no-acls")) {
                admin.alterUserScramCredentials(List.of(new UserScramCredentialUpsertion(
                                user, new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, 8192), password(user))))
                        .all()
                        .get(60, TimeUnit.SECONDS);
            }
            List<AclBinding> all = new java.util.ArrayList<>();
            all.addAll(acls.receiver("receiver"));
            all.addAll(acls.poller("poller"));
            all.addAll(acls.engine("engine"));
            all.addAll(acls.actuator("actuator"));
            all.addAll(acls.audit("audit"));
            admin.createAcls(all).all().get(60, TimeUnit.SECONDS);
        }
        SimulatedCluster cluster = track(SimulatedCluster.start());
        kube = cluster.client();
        start("engine", "decision-engine", DecisionEngine::start);
        start("actuator", "scale-actuator", ActuatorService::start);
        start("poller", "metrics-poller", PollerService::start);
        receiver = start("receiver", "alert-receiver", ReceiverApp::start);
    }

    /** Starts a service as the all-in-one does, connecting to Kafka as {@code user}. */
    private static <S extends AutoCloseable> S start(String user, String name, ServiceFactory<S> factory)
            throws IOException {
        return track(factory.start(context(user, name)));
    }

    private static ServiceContext context(String user, String name) throws IOException {
        ServiceContext context = ServiceContext.builder(name, config(user))
                .share(KubernetesClient.class, kube)
                .exit(code -> {
                    throw new AssertionError(name + " asked to exit with " + code);
                })
                .build();
        track(context.resources());
        return context;
    }

    @AfterAll
    static void stopEverything() {
        started.closeAll();
    }

    @Test
    void aTriggerGoesThroughEveryServiceEachAsItsOwnUserAndTheAuditUserReadsTheChain() throws Exception {
        URI triggers = URI.create("http://" + Loopback.HOST + ":" + receiver.port() + "/v1/triggers");
        String trigger = "{\"id\":\"secure-1\",\"target\":\"default/Deployment/web\",\"action\":\"scale_to\","
                + "\"replicas\":4,\"ttl_seconds\":600,\"reason\":\"sasl test\",\"source\":\"ci\"}";
        HttpRequest request = HttpRequest.newBuilder(triggers)
                .header("Authorization", "Bearer " + TOKEN)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(trigger))
                .build();
        HttpResponse<String> response = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);

        await().atMost(Duration.ofSeconds(120))
                .until(() -> kube.apps()
                                .deployments()
                                .inNamespace("default")
                                .withName("web")
                                .get()
                                .getSpec()
                                .getReplicas()
                        == 4);

        LogReader audit = new LogReader(
                new KafkaDefaults(
                        broker.bootstrapServers(), config("audit").kafka().properties()),
                new PrintStream(OutputStream.nullOutputStream()),
                Clock.systemUTC());
        // The actuator commits the outcome after the patch the replicas show, so it may land a moment later.
        await().atMost(Duration.ofMinutes(1)).untilAsserted(() -> assertThat(audit.read(
                                List.of(TOPICS.alerts(), TOPICS.commands(), TOPICS.outcomes()),
                                TimeRange.ALL,
                                "default/Deployment/web"::equals)
                        .records())
                .extracting(Recorded::topic)
                .contains(TOPICS.alerts(), TOPICS.commands(), TOPICS.outcomes()));
    }

    @Test
    void aServiceWhoseUserHasNoAclIsRefusedAtStartNamingTheTopicAndTheOperation() throws IOException {
        assertThatThrownBy(() ->
                        ReceiverApp.start(context("no-acls", "alert-receiver")).close())
                .isInstanceOf(KafkaRefusedException.class)
                .hasMessageContaining("not authorized")
                .hasMessageContaining(TOPICS.alerts())
                .hasMessageContaining("DESCRIBE");
    }

    @Test
    void anotherServicesUserCannotWriteAlerts() throws IOException {
        KafkaDefaults asPoller = new KafkaDefaults(
                broker.bootstrapServers(), config("poller").kafka().properties());
        try (var producer =
                new org.apache.kafka.clients.producer.KafkaProducer<String, byte[]>(asPoller.producer("intruder"))) {
            assertThatThrownBy(() -> producer.send(new org.apache.kafka.clients.producer.ProducerRecord<>(
                                    TOPICS.alerts(), "default/Deployment/web", new byte[] {'{', '}'}))
                            .get(60, TimeUnit.SECONDS))
                    .hasCauseInstanceOf(org.apache.kafka.common.errors.TopicAuthorizationException.class)
                    .hasMessageContaining(TOPICS.alerts());
        }
    }

    /**
     * A service's configuration: its SCRAM credentials and the truststore password come from a properties file
     * (a mounted Secret in Kubernetes) through Kafka's FileConfigProvider, never from the config file itself.
     */
    private static ScaligatorConfig config(String user) throws IOException {
        Path secret = dir.resolve("secrets").resolve(user + ".properties");
        if (!Files.exists(secret)) {
            Files.createDirectories(secret.getParent());
            Files.writeString(
                    secret,
                    "sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule "
                            + "required username=\"" + user + "\" password=\"" + password(user) + "\";\n"
                            + "ssl.truststore.password=" + listener.truststorePassword() + "\n");
        }
        Path file = dir.resolve(user + ".toml");
        Files.writeString(file, """
                watch_namespaces = ["default"]
                reconcile_interval = 1
                prometheus_url = "http://127.0.0.1:1"

                [kafka]
                bootstrap_servers = "%s"
                partitions = 1

                [kafka.properties]
                "config.providers" = "file"
                "config.providers.file.class" = "org.apache.kafka.common.config.provider.FileConfigProvider"
                "security.protocol" = "SASL_SSL"
                "sasl.mechanism" = "SCRAM-SHA-512"
                "sasl.jaas.config" = "${file:%s:sasl.jaas.config}"
                "ssl.truststore.type" = "PKCS12"
                "ssl.truststore.location" = "%s"
                "ssl.truststore.password" = "${file:%s:ssl.truststore.password}"

                [receiver]
                bind_address = "127.0.0.1"
                port = 0
                ops_port = 0
                token = "%s"

                [poller]
                ops_port = 0

                [engine]
                ops_port = 0
                state_dir = "%s"

                [actuator]
                ops_port = 0
                """.formatted(
                        broker.bootstrapServers(),
                        secret,
                        listener.truststore(),
                        secret,
                        TOKEN,
                        dir.resolve("streams-" + user)));
        return ConfigLoader.load(file, Map.of()).config();
    }

    private static String password(String user) {
        return user + "-scram-secret";
    }

    private static Map<String, Object> client(Map<String, String> security) {
        Map<String, Object> props = new HashMap<>(security);
        props.put("bootstrap.servers", broker.bootstrapServers());
        return props;
    }

    private static <T extends AutoCloseable> T track(T resource) {
        return started.track(resource);
    }
}
