package io.scaligator.common.kafka;

import java.util.List;
import java.util.Objects;

/** The names of Scaligator's topics, all sharing one configurable prefix (default {@code scaligator.}). */
public record Topics(String prefix) {

    public Topics {
        Objects.requireNonNull(prefix, "prefix");
        if (!prefix.isEmpty() && !prefix.matches("[a-zA-Z0-9._-]+")) {
            throw new IllegalArgumentException(
                    "topic prefix '" + prefix + "' may contain only a-z, A-Z, 0-9, '.', '_' and '-'");
        }
    }

    /** Normalised alerts and triggers, written by the receiver. */
    public String alerts() {
        return prefix + "alerts";
    }

    /** One observation per target per interval, written by the poller; also the engine's clock. */
    public String observations() {
        return prefix + "observations";
    }

    /** Every evaluation of the engine: the audit log. */
    public String decisions() {
        return prefix + "decisions";
    }

    /** Scale commands for the actuator. */
    public String commands() {
        return prefix + "commands";
    }

    /** One outcome per command, written by the actuator. */
    public String outcomes() {
        return prefix + "outcomes";
    }

    /** Compacted: every policy the engine ran with, keyed by its version, so history can be re-run. */
    public String policies() {
        return prefix + "policies";
    }

    /**
     * Keyed by alert fingerprint: which target each counted alert was mapped to, written and read by the engine, so
     * that a resolve the receiver could not map (its pod is gone) still releases the floor.
     */
    public String alertIndex() {
        return prefix + "alert-index";
    }

    /**
     * Input records the engine could not process, with the error in their headers (Kafka Streams' dead-letter
     * queue).
     */
    public String deadLetters() {
        return prefix + "dead-letters";
    }

    /**
     * Compacted, keyed by target: the engine's latest state checkpoint of each target, written in the transaction of
     * the decision it precedes, so that {@code audit verify} can start after the beginning of a trimmed log.
     */
    public String checkpoints() {
        return prefix + "checkpoints";
    }

    /** The compacted topics: only a key's latest value matters, so time and size do not delete it. */
    public List<String> compacted() {
        return List.of(policies(), checkpoints());
    }

    public List<String> all() {
        return List.of(
                alerts(),
                observations(),
                decisions(),
                commands(),
                outcomes(),
                policies(),
                alertIndex(),
                deadLetters(),
                checkpoints());
    }
}
