package io.scaligator.testkit;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * Waits for a backlog to drain, judged by progress rather than by a deadline: a slow or shared machine takes longer
 * but passes, while a consumer that stops making progress fails after {@code stall} with the count it stuck at.
 */
public final class Backlog {
    private static final Duration POLL = Duration.ofMillis(500);

    private Backlog() {}

    /**
     * Polls {@code remaining} until it reaches 0; fails when it has not decreased for {@code stall}.
     *
     * @param what names the backlog in the failure message
     */
    public static void awaitDrained(String what, LongSupplier remaining, Duration stall) throws InterruptedException {
        long lowest = remaining.getAsLong();
        long lastProgress = System.nanoTime();
        while (lowest > 0) {
            Thread.sleep(POLL.toMillis());
            long now = remaining.getAsLong();
            if (now < lowest) {
                lowest = now;
                lastProgress = System.nanoTime();
            } else if (System.nanoTime() - lastProgress > stall.toNanos()) {
                throw new AssertionError(what + ": no progress for " + stall.toSeconds() + " s, " + now + " left");
            }
        }
    }
}
