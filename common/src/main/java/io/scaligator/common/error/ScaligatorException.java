package io.scaligator.common.error;

/**
 * The root of the failures Scaligator raises about its inputs and the systems it talks to: either retriable (the
 * same call may succeed later: a broker unreachable, an acknowledgement late) or fatal (it will not succeed until
 * something is changed: a bad config, a topic layout the engine cannot run on). Loops catch in these tiers: fatal
 * stops, retriable backs off.
 */
public abstract sealed class ScaligatorException extends RuntimeException permits RetriableException, FatalException {

    protected ScaligatorException(String message, Throwable cause) {
        super(message, cause);
    }

    /** Whether trying the same again later may succeed. */
    public abstract boolean retriable();
}
