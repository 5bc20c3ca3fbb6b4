package io.scaligator.common.kafka;

import io.scaligator.common.error.RetriableException;

/**
 * Kafka did not acknowledge every record of a publish in time; some may still arrive later (ids are deterministic,
 * so a retry duplicates nothing a reader keeps). The caller retries later.
 */
public final class PublishException extends RetriableException {

    public PublishException(String message, Throwable cause) {
        super(message, cause);
    }
}
