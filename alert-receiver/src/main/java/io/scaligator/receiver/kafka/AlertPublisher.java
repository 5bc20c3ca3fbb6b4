package io.scaligator.receiver.kafka;

import io.scaligator.common.event.AlertSignal;
import io.scaligator.common.kafka.PublishException;
import java.time.Duration;
import java.util.List;

/** Writes signals to the alerts topic and returns only once every one of them is durably acknowledged. */
public interface AlertPublisher extends AutoCloseable {

    /**
     * Publishes all signals of one request; returns when every one is acknowledged, or throws
     * {@link PublishException} when that did not happen within {@code timeout} (some may still arrive later).
     */
    void publish(List<AlertSignal> signals, Duration timeout) throws PublishException;

    /** Whether the backing system currently looks reachable, with a short detail for /readyz. */
    Reachability reachability();

    /** Flushes what is in flight and releases the client. */
    @Override
    void close();

    /** Result of the reachability probe. */
    record Reachability(boolean reachable, String detail) {}
}
