package io.scaligator.common.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.SaslConfigs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KafkaDefaultsTest {

    /** Everything a careless or hostile [kafka.properties] could use to weaken the delivery guarantees. */
    private static final Map<String, String> WEAKENING = Map.of(
            "acks", "0",
            "enable.idempotence", "false",
            "isolation.level", "read_uncommitted",
            "enable.auto.commit", "true",
            "group.id", "someone-elses-group",
            "transactional.id", "stolen",
            "bootstrap.servers", "elsewhere:9092",
            "key.serializer", "org.apache.kafka.common.serialization.ByteArraySerializer");

    @TempDir
    Path dir;

    @Test
    void userPropertiesCannotWeakenTheProducerGuarantees() {
        Map<String, Object> producer = new KafkaDefaults("broker:9092", WEAKENING).producer("p");

        assertThat(producer)
                .containsEntry("acks", "all")
                .containsEntry("enable.idempotence", true)
                .containsEntry("bootstrap.servers", "broker:9092")
                .containsEntry("key.serializer", "org.apache.kafka.common.serialization.StringSerializer")
                .doesNotContainKey("transactional.id");
        assertThat(new KafkaDefaults("broker:9092", WEAKENING).transactionalProducer("p", "engine-1"))
                .containsEntry("transactional.id", "engine-1")
                .containsEntry("acks", "all");
    }

    @Test
    void userPropertiesCannotWeakenTheConsumerGuarantees() {
        Map<String, Object> consumer = new KafkaDefaults("broker:9092", WEAKENING).consumer("c", "actuator");

        assertThat(consumer)
                .containsEntry("isolation.level", "read_committed")
                .containsEntry("enable.auto.commit", false)
                .containsEntry("group.id", "actuator")
                .containsEntry("bootstrap.servers", "broker:9092");
        assertThat(new KafkaDefaults("broker:9092", WEAKENING).groupLessConsumer("audit"))
                .containsEntry("isolation.level", "read_committed")
                .doesNotContainKey("group.id");
    }

    @Test
    void userPropertiesStillTuneWhatIsNotAGuarantee() {
        KafkaDefaults defaults = new KafkaDefaults(
                "broker:9092",
                Map.of(
                        "linger.ms",
                        "20",
                        "auto.offset.reset",
                        "latest",
                        "security.protocol",
                        "SASL_SSL",
                        "client.id",
                        "mine"));

        assertThat(defaults.producer("p"))
                .containsEntry("linger.ms", "20")
                .containsEntry("security.protocol", "SASL_SSL")
                .containsEntry("client.id", "mine");
        assertThat(defaults.consumer("c", "g")).containsEntry("auto.offset.reset", "latest");
        assertThat(new KafkaDefaults("broker:9092", Map.of()).producer("p")).containsEntry("linger.ms", 1);
    }

    @Test
    void secretsComeFromConfigProvidersWhenTheClientConfigIsBuilt() throws Exception {
        Path secret = Files.writeString(
                dir.resolve("kafka.properties"),
                "jaas=org.apache.kafka.common.security.scram.ScramLoginModule required username=\\\"receiver\\\" "
                        + "password=\\\"s3cret\\\";\n");
        KafkaDefaults defaults = new KafkaDefaults(
                "broker:9092",
                Map.of(
                        "config.providers", "file",
                        "config.providers.file.class", "org.apache.kafka.common.config.provider.FileConfigProvider",
                        "security.protocol", "SASL_SSL",
                        "sasl.mechanism", "SCRAM-SHA-512",
                        "sasl.jaas.config", "${file:" + secret + ":jaas}"));

        String expected = "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"receiver\" "
                + "password=\"s3cret\";";
        assertThat(new ProducerConfig(defaults.producer("p"))
                        .getPassword(SaslConfigs.SASL_JAAS_CONFIG)
                        .value())
                .isEqualTo(expected);
        assertThat(new ConsumerConfig(defaults.consumer("c", "g"))
                        .getPassword(SaslConfigs.SASL_JAAS_CONFIG)
                        .value())
                .isEqualTo(expected);
        assertThat(new AdminClientConfig(defaults.admin("a"))
                        .getPassword(SaslConfigs.SASL_JAAS_CONFIG)
                        .value())
                .isEqualTo(expected);
    }

    @Test
    void environmentVariablesComeThroughTheEnvProvider() {
        String home = System.getenv("HOME");
        assertThat(home)
                .as("this test reads HOME, which every build environment sets")
                .isNotBlank();
        KafkaDefaults defaults = new KafkaDefaults(
                "broker:9092",
                Map.of(
                        "config.providers", "env",
                        "config.providers.env.class", "org.apache.kafka.common.config.provider.EnvVarConfigProvider",
                        "ssl.truststore.location", "${env:HOME}"));

        assertThat(new ProducerConfig(defaults.producer("p")).getString("ssl.truststore.location"))
                .isEqualTo(home);
    }
}
