package io.scaligator.common.event;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.time.Instant;

/**
 * The family of records Scaligator keeps in Kafka. Every value carries a {@code type} discriminator and a
 * {@code schemaVersion}; readers ignore fields they do not know, so producers can add fields without
 * breaking older consumers.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.PROPERTY, property = "type")
@JsonSubTypes({
    @JsonSubTypes.Type(value = AlertSignal.class, name = "alert-signal"),
    @JsonSubTypes.Type(value = Observation.class, name = "observation"),
    @JsonSubTypes.Type(value = Decision.class, name = "decision"),
    @JsonSubTypes.Type(value = ScaleCommand.class, name = "scale-command"),
    @JsonSubTypes.Type(value = ScaleOutcome.class, name = "scale-outcome")
})
public sealed interface ScaligatorEvent permits AlertSignal, Observation, Decision, ScaleCommand, ScaleOutcome {

    /** The schema version this code writes. Bump it on an incompatible change and keep reading the old one. */
    int SCHEMA_VERSION = 1;

    /** Unique, and for everything derived from input records deterministic, id of this event. */
    String id();

    /** The Kafka record key: the target ref, or {@code _unmapped} for alerts that name no workload. */
    String key();

    /** When the event happened in the system's own time line: the only clock the decision core uses. */
    Instant eventTime();

    @JsonProperty("schemaVersion")
    default int schemaVersion() {
        return SCHEMA_VERSION;
    }
}
