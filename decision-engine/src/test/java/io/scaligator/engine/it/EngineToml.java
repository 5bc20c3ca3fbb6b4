package io.scaligator.engine.it;

import io.scaligator.common.kafka.Topics;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The config file of an engine process these tests kill: the test broker, its topics, one application id, and
 * Kafka settings that let a SIGKILL land between transactions and the survivors notice it soon.
 *
 * @param engineKeys extra lines for the {@code [engine]} table
 * @param kafkaProperties extra lines for {@code [kafka.properties]}
 */
record EngineToml(
        String bootstrapServers,
        Topics topics,
        int partitions,
        String applicationId,
        String engineKeys,
        String kafkaProperties) {

    EngineToml(String bootstrapServers, Topics topics, int partitions, String applicationId) {
        this(bootstrapServers, topics, partitions, applicationId, "", "");
    }

    /** Writes the file, with {@code stateDir} as the instance's own state directory. */
    Path write(Path file, Path stateDir) throws IOException {
        return Files.writeString(file, """
                watch_namespaces = ["default"]
                [receiver]
                auth = "none"
                [kafka]
                bootstrap_servers = "%s"
                topic_prefix = "%s"
                partitions = %d
                [engine]
                application_id = "%s"
                state_dir = "%s"
                ops_port = 0
                ops_bind_address = "127.0.0.1"
                %s
                [kafka.properties]
                # a killed instance leaves the group only when its session expires: keep that short here
                "consumer.session.timeout.ms" = "6000"
                # small transactions, so the kill lands between committed and open ones
                "commit.interval.ms" = "100"
                %s
                """.formatted(
                bootstrapServers, topics.prefix(), partitions, applicationId, stateDir, engineKeys, kafkaProperties));
    }
}
