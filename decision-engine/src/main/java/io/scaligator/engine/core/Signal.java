package io.scaligator.engine.core;

import io.scaligator.common.event.AlertSignal;
import io.scaligator.common.event.InputRef;
import io.scaligator.common.event.Observation;
import io.scaligator.common.event.ScaligatorEvent;
import java.util.Objects;

/** One input record for the core: an observation or an alert signal, with the Kafka coordinates it was read at. */
public record Signal(ScaligatorEvent event, InputRef input) {

    public Signal {
        Objects.requireNonNull(event, "event");
        Objects.requireNonNull(input, "input");
        if (!(event instanceof Observation) && !(event instanceof AlertSignal)) {
            throw new IllegalArgumentException("the engine evaluates observations and alert signals, not "
                    + event.getClass().getSimpleName());
        }
    }

    /** A signal read from {@code topic}-{@code partition} at {@code offset}. */
    public static Signal of(ScaligatorEvent event, String topic, int partition, long offset) {
        String type = event instanceof Observation ? "observation" : "alert-signal";
        return new Signal(event, new InputRef(topic, partition, offset, event.id(), type));
    }
}
