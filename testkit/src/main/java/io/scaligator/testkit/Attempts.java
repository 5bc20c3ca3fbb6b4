package io.scaligator.testkit;

import java.util.concurrent.Callable;

/**
 * Repeats a scenario whose interesting case depends on timing the test cannot control (say, whether an asynchronous
 * informer has sent its first request before a start fails). Every attempt makes its own assertions; the scenario
 * must show the interesting case in at least one of them, so a busy machine costs attempts, not a false failure.
 */
public final class Attempts {
    private Attempts() {}

    /** Runs {@code attempt} until it returns true, at most {@code max} times; fails naming {@code shown} otherwise. */
    public static void untilShown(String shown, int max, Callable<Boolean> attempt) throws Exception {
        for (int i = 0; i < max; i++) {
            if (attempt.call()) {
                return;
            }
        }
        throw new AssertionError(shown + " in none of " + max + " attempts");
    }
}
