package io.scaligator.common.kafka;

import io.scaligator.common.error.FatalException;

/** The topics exist but not in the shape Scaligator needs (e.g. alerts and observations not co-partitioned). */
public class TopicLayoutException extends FatalException {

    public TopicLayoutException(String message) {
        super(message, null);
    }
}
