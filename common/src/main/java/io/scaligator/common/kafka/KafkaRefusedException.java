package io.scaligator.common.kafka;

import io.scaligator.common.error.FatalException;

/**
 * Kafka answered but refused an administrative request for a reason retrying does not change (e.g. a replication
 * factor above the broker count, a missing ACL).
 */
public class KafkaRefusedException extends FatalException {

    public KafkaRefusedException(String message, Throwable cause) {
        super(message, cause);
    }
}
