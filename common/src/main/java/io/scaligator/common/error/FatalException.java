package io.scaligator.common.error;

/** A failure that repeats until something is changed (config, topics, permissions): stop and say why. */
public non-sealed class FatalException extends ScaligatorException {

    public FatalException(String message, Throwable cause) {
        super(message, cause);
    }

    @Override
    public final boolean retriable() {
        return false;
    }
}
