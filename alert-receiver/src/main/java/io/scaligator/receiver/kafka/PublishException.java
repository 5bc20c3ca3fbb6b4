package io.scaligator.receiver.kafka;

/** Kafka did not acknowledge every record of a request in time; the caller should retry later. */
public final class PublishException extends Exception {

    public PublishException(String message, Throwable cause) {
        super(message, cause);
    }
}
