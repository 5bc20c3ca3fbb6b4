package io.scaligator.common.kafka;

/** Kafka could not be reached or refused an administrative request needed to start. */
public class KafkaSetupException extends RuntimeException {

    public KafkaSetupException(String message, Throwable cause) {
        super(message, cause);
    }
}
