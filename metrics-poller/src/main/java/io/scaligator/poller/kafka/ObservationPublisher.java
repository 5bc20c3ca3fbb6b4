package io.scaligator.poller.kafka;

import io.scaligator.common.event.Observation;
import io.scaligator.common.kafka.PublishException;
import java.util.List;

/** Writes a cycle's observations to the {@code observations} topic and returns once all were acknowledged. */
public interface ObservationPublisher extends AutoCloseable {

    /** Sends every observation, keyed by its target; throws {@link PublishException} unless all were acked. */
    void publish(List<Observation> observations);

    @Override
    void close();
}
