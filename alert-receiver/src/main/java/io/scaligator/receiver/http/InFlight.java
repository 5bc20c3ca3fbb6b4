package io.scaligator.receiver.http;

import java.time.Duration;

/** Counts requests being handled, so shutdown can stop taking new ones and wait for the rest to finish. */
final class InFlight {

    private int active;
    private boolean draining;

    /** Registers a request; false when the server is draining and the request must be turned away. */
    synchronized boolean enter() {
        if (draining) {
            return false;
        }
        active++;
        return true;
    }

    synchronized void exit() {
        active--;
        if (active == 0) {
            notifyAll();
        }
    }

    /** Turns new requests away and waits (at most {@code max}) until running ones are done; true when they are. */
    synchronized boolean drain(Duration max) throws InterruptedException {
        draining = true;
        long deadline = System.nanoTime() + max.toNanos();
        while (active > 0) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            wait(Math.max(1, left / 1_000_000));
        }
        return true;
    }
}
