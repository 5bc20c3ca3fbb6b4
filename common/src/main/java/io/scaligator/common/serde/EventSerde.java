package io.scaligator.common.serde;

import io.scaligator.common.event.ScaligatorEvent;
import java.util.Map;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * The one Kafka serde for the event family. A null value stays null (a tombstone); malformed bytes give a
 * {@link SerializationException} naming the topic and the problem.
 */
public final class EventSerde<T extends ScaligatorEvent> implements Serde<T>, Serializer<T>, Deserializer<T> {

    private final Class<T> type;

    private EventSerde(Class<T> type) {
        this.type = type;
    }

    public static <T extends ScaligatorEvent> EventSerde<T> of(Class<T> type) {
        return new EventSerde<>(type);
    }

    /** A serde that reads any event of the family. */
    public static EventSerde<ScaligatorEvent> any() {
        return new EventSerde<>(ScaligatorEvent.class);
    }

    @Override
    public byte[] serialize(String topic, T event) {
        if (event == null) {
            return null;
        }
        try {
            return EventJson.write(event);
        } catch (EventFormatException e) {
            throw new SerializationException("cannot serialize for topic " + topic + ": " + e.getMessage(), e);
        }
    }

    @Override
    public T deserialize(String topic, byte[] data) {
        if (data == null) {
            return null;
        }
        try {
            return EventJson.read(data, type);
        } catch (EventFormatException e) {
            throw new SerializationException("cannot deserialize record of topic " + topic + ": " + e.getMessage(), e);
        }
    }

    @Override
    public Serializer<T> serializer() {
        return this;
    }

    @Override
    public Deserializer<T> deserializer() {
        return this;
    }

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        // nothing to configure: the event type is fixed at construction
    }

    @Override
    public void close() {
        // nothing to release: the shared mapper is stateless
    }
}
