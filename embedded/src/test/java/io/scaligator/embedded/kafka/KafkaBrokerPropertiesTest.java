package io.scaligator.embedded.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.nio.file.Path;
import java.util.Map;
import kafka.server.KafkaConfig;
import org.junit.jupiter.api.Test;

class KafkaBrokerPropertiesTest {
    private static final Path LOG_DIR = Path.of("/tmp/kraft");

    @Test
    void oneNodeCanRunTransactionsAndRebalancesAtOnce() {
        Map<String, String> props = KafkaBrokerProperties.of(LOG_DIR, 9092, 9093, Map.of());

        assertThat(props)
                .containsEntry("transaction.state.log.replication.factor", "1")
                .containsEntry("transaction.state.log.min.isr", "1")
                .containsEntry("offsets.topic.replication.factor", "1")
                .containsEntry("group.initial.rebalance.delay.ms", "0")
                .containsEntry("process.roles", "broker,controller")
                .containsEntry("listeners", "PLAINTEXT://127.0.0.1:9092,CONTROLLER://127.0.0.1:9093")
                .containsEntry("advertised.listeners", "PLAINTEXT://127.0.0.1:9092")
                .containsEntry("log.dirs", "/tmp/kraft");
    }

    @Test
    void overridesWinAndKafkaAcceptsTheResult() {
        Map<String, String> props = KafkaBrokerProperties.of(LOG_DIR, 9092, 9093, Map.of("num.partitions", "6"));

        assertThat(props).containsEntry("num.partitions", "6");
        assertThatCode(() -> new KafkaConfig(props)).doesNotThrowAnyException();
    }
}
