package io.scaligator.audit.read;

import io.scaligator.common.event.ScaligatorEvent;

/**
 * One record as read from a topic: where it was, its timestamp and key, its raw value and the event it holds
 * ({@code null} when the value is not a readable event: the engine skips such records, and so does a re-run).
 */
public record Recorded(
        String topic, int partition, long offset, long timestamp, String key, byte[] value, ScaligatorEvent event) {

    /** {@code topic-partition@offset}, as {@link io.scaligator.common.event.InputRef#coordinates()} writes it. */
    public String coordinates() {
        return topic + "-" + partition + "@" + offset;
    }

    /** This record with another value (and the event it holds): for what-if inputs. */
    public Recorded withEvent(byte[] newValue, ScaligatorEvent newEvent) {
        return new Recorded(topic, partition, offset, timestamp, key, newValue, newEvent);
    }
}
