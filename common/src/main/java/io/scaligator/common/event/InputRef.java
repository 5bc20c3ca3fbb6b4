package io.scaligator.common.event;

/**
 * The input record a decision was made on, by its Kafka coordinates. Ids derived from it are reproducible:
 * replaying the same records yields the same decision and command ids.
 */
public record InputRef(String topic, int partition, long offset, String eventId, String eventType) {

    public InputRef {
        Checks.requireText(topic, "input.topic");
        Checks.requireNonNegative(partition, "input.partition");
        if (offset < 0) {
            throw new IllegalArgumentException("input.offset must be >= 0, was " + offset);
        }
        Checks.requireText(eventId, "input.eventId");
        Checks.requireText(eventType, "input.eventType");
    }

    /** {@code topic-partition@offset}, the stem of ids derived from this input. */
    public String coordinates() {
        return topic + "-" + partition + "@" + offset;
    }
}
