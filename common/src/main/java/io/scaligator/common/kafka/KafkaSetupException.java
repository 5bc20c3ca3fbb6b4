package io.scaligator.common.kafka;

import io.scaligator.common.error.RetriableException;

/** Kafka could not be reached, or did not answer in time, for an administrative request needed to start. */
public class KafkaSetupException extends RetriableException {

    public KafkaSetupException(String message, Throwable cause) {
        super(message, cause);
    }
}
