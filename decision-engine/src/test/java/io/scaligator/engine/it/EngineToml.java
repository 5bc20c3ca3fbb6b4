package io.scaligator.engine.it;

import io.scaligator.common.kafka.Topics;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The config file of an engine process these tests kill: the test broker, its topics, one application id, and
 * Kafka settings that let a SIGKILL land between transactions.
 *
 * @param engineKeys extra lines for the {@code [engine]} table
 * @param kafkaProperties extra lines for {@code [kafka.properties]}
 * @param sessionTimeout the consumer session timeout: how long a killed instance stays in the group
 */
record EngineToml(
        String bootstrapServers,
        Topics topics,
        int partitions,
        String applicationId,
        String engineKeys,
        String kafkaProperties,
        Duration sessionTimeout) {

    /** Short enough that the survivors of a kill notice it soon. */
    static final Duration SHORT_SESSION = Duration.ofSeconds(6);

    EngineToml(String bootstrapServers, Topics topics, int partitions, String applicationId) {
        this(bootstrapServers, topics, partitions, applicationId, "", "", SHORT_SESSION);
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
                # a killed instance leaves the group only when its session expires
                "consumer.session.timeout.ms" = "%d"
                # small transactions, so the kill lands between committed and open ones
                "commit.interval.ms" = "100"
                %s
                """.formatted(
                        bootstrapServers,
                        topics.prefix(),
                        partitions,
                        applicationId,
                        stateDir,
                        engineKeys,
                        sessionTimeout.toMillis(),
                        kafkaProperties));
    }
}
