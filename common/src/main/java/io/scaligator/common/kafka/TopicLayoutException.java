package io.scaligator.common.kafka;

/** The topics exist but not in the shape Scaligator needs (e.g. alerts and observations not co-partitioned). */
public class TopicLayoutException extends RuntimeException {

    public TopicLayoutException(String message) {
        super(message);
    }
}
