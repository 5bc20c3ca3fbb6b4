package io.scaligator.actuator;

import java.time.Duration;

/** Waits between retries; injected so tests decide how time passes. */
@FunctionalInterface
interface Sleeper {

    Sleeper REAL = duration -> Thread.sleep(duration.toMillis());

    void sleep(Duration duration) throws InterruptedException;
}
