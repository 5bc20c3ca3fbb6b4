package io.scaligator.engine.topology;

import io.scaligator.engine.core.TargetState;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/** The store serde of per-target state: {@link TargetStateCodec}'s versioned binary format. */
public final class TargetStateSerde implements Serde<TargetState> {

    @Override
    public Serializer<TargetState> serializer() {
        return (topic, state) -> state == null ? null : TargetStateCodec.encode(state);
    }

    @Override
    public Deserializer<TargetState> deserializer() {
        return (topic, bytes) -> {
            if (bytes == null) {
                return null;
            }
            try {
                return TargetStateCodec.decode(bytes);
            } catch (IllegalArgumentException e) {
                throw new SerializationException("cannot read target state from " + topic + ": " + e.getMessage(), e);
            }
        };
    }
}
