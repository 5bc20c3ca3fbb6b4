package io.scaligator.common.error;

/** A failure that may go away by itself: back off and try again (e.g. Kafka unreachable or slow to acknowledge). */
public non-sealed class RetriableException extends ScaligatorException {

    public RetriableException(String message, Throwable cause) {
        super(message, cause);
    }

    @Override
    public final boolean retriable() {
        return true;
    }
}
