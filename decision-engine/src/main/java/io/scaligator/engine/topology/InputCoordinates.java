package io.scaligator.engine.topology;

/**
 * Where the topology takes an input record's coordinates from; decision and command ids derive from them. The
 * service uses {@link #AS_READ}; the audit tool re-runs recorded records in a TopologyTestDriver (one partition,
 * offsets from 0) and maps each replayed record back to the coordinates it was originally read at.
 */
@FunctionalInterface
public interface InputCoordinates {

    /** The coordinates the record was read at: what the running engine uses. */
    InputCoordinates AS_READ = Coordinates::new;

    /** The coordinates to record for the record read at {@code topic}-{@code partition}@{@code offset}. */
    Coordinates of(String topic, int partition, long offset);

    /** A record's place in Kafka. */
    record Coordinates(String topic, int partition, long offset) {}
}
