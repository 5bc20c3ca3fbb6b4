package io.scaligator.actuator;

import java.time.Duration;

/** Exponential backoff for transient API failures: initial, doubled after each failure, capped at max. */
final class Backoff {

    private final Duration max;
    private Duration next;

    Backoff(Duration initial, Duration max) {
        this.next = initial;
        this.max = max;
    }

    /** The wait before the next attempt; each call doubles the following one, up to the cap. */
    Duration next() {
        Duration current = next;
        Duration doubled = next.multipliedBy(2);
        next = doubled.compareTo(max) > 0 ? max : doubled;
        return current;
    }
}
