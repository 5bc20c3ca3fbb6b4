package io.scaligator.embedded.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SaslSslBrokerIT {
    private static final String TOPIC = "secured";

    @TempDir
    static Path dir;

    private static SaslSslListener listener;
    private static KafkaBroker broker;

    @BeforeAll
    static void startBroker() throws Exception {
        listener = SaslSslListener.generate(dir.resolve("tls"), "admin");
        broker = KafkaBroker.builder(dir.resolve("data")).saslSsl(listener).start();
        try (Admin admin = Admin.create(client(listener.superUserClient()))) {
            admin.createTopics(List.of(new NewTopic(TOPIC, 1, (short) 1))).all().get(60, TimeUnit.SECONDS);
            admin.alterUserScramCredentials(List.of(
                            new UserScramCredentialUpsertion(
                                    "writer",
                                    new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, 8192),
                                    "writer-password"),
                            new UserScramCredentialUpsertion(
                                    "stranger",
                                    new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, 8192),
                                    "stranger-password")))
                    .all()
                    .get(60, TimeUnit.SECONDS);
            admin.createAcls(List.of(new AclBinding(
                            new ResourcePattern(ResourceType.TOPIC, TOPIC, PatternType.LITERAL),
                            new AccessControlEntry("User:writer", "*", AclOperation.WRITE, AclPermissionType.ALLOW))))
                    .all()
                    .get(60, TimeUnit.SECONDS);
        }
    }

    @AfterAll
    static void stopBroker() {
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void aUserWithItsAclWritesOverSaslSsl() throws Exception {
        try (KafkaProducer<String, String> producer = producer(listener.scramClient("writer", "writer-password"))) {
            assertThat(producer.send(new ProducerRecord<>(TOPIC, "k", "v"))
                            .get(60, TimeUnit.SECONDS)
                            .topic())
                    .isEqualTo(TOPIC);
        }
    }

    @Test
    void anAuthenticatedUserWithoutAnAclIsRefused() {
        try (KafkaProducer<String, String> producer = producer(listener.scramClient("stranger", "stranger-password"))) {
            assertThatThrownBy(() ->
                            producer.send(new ProducerRecord<>(TOPIC, "k", "v")).get(60, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class)
                    .cause()
                    .isInstanceOf(TopicAuthorizationException.class);
        }
    }

    @Test
    void aWrongPasswordFailsAuthentication() {
        try (KafkaProducer<String, String> producer = producer(listener.scramClient("writer", "guessed"))) {
            assertThatThrownBy(() ->
                            producer.send(new ProducerRecord<>(TOPIC, "k", "v")).get(60, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class)
                    .cause()
                    .isInstanceOf(SaslAuthenticationException.class);
        }
    }

    private static KafkaProducer<String, String> producer(Map<String, String> security) {
        Map<String, Object> props = client(security);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 60_000);
        return new KafkaProducer<>(props, new StringSerializer(), new StringSerializer());
    }

    private static Map<String, Object> client(Map<String, String> security) {
        Map<String, Object> props = new HashMap<>(security);
        props.put("bootstrap.servers", broker.bootstrapServers());
        return props;
    }
}
