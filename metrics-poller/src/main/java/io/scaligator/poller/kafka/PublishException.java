package io.scaligator.poller.kafka;

/** Some observations of a cycle were not acknowledged by Kafka; the next cycle observes again. */
public final class PublishException extends RuntimeException {

    public PublishException(String message, Throwable cause) {
        super(message, cause);
    }
}
