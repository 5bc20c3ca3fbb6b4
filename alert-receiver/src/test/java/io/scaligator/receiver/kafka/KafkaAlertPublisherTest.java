package io.scaligator.receiver.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.scaligator.common.kafka.KafkaDefaults;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.junit.jupiter.api.Test;

class KafkaAlertPublisherTest {

    @Test
    void boundsEveryProducerWaitByThePublishTimeoutAndKeepsAcksAllIdempotent() {
        Map<String, Object> props = KafkaAlertPublisher.producerProps(
                new KafkaDefaults("127.0.0.1:9092", Map.of()), Duration.ofMillis(1500), 1 << 20);

        assertThat(props)
                .containsEntry(ProducerConfig.ACKS_CONFIG, "all")
                .containsEntry(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true)
                .containsEntry(ProducerConfig.MAX_BLOCK_MS_CONFIG, 1500L)
                .containsEntry(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 1500)
                .containsEntry(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 4000);
        // Kafka refuses a delivery timeout below linger + request timeout
        assertThat((int) props.get(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG))
                .isGreaterThanOrEqualTo((int) props.get(ProducerConfig.LINGER_MS_CONFIG)
                        + (int) props.get(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG));
        assertThat((int) props.get(ProducerConfig.MAX_REQUEST_SIZE_CONFIG)).isGreaterThan(1 << 20);
    }

    @Test
    void clampsTheRequestTimeoutForLongPublishTimeouts() {
        Map<String, Object> props = KafkaAlertPublisher.producerProps(
                new KafkaDefaults("127.0.0.1:9092", Map.of()), Duration.ofMinutes(2), 1 << 20);

        assertThat(props)
                .containsEntry(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 30_000)
                .containsEntry(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 151_000);
    }
}
