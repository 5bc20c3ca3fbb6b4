package io.scaligator.engine.topology;

import io.scaligator.common.event.Decision;

/** Told about every decision the topology emits and every input it had to skip; for metrics. */
public interface DecisionListener {

    DecisionListener NONE = new DecisionListener() {};

    default void decided(Decision decision) {}

    /** An input record that could not be evaluated (e.g. its key does not match its target) was skipped. */
    default void skipped(String reason) {}
}
