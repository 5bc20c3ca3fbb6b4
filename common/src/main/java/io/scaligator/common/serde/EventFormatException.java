package io.scaligator.common.serde;

/** An event that cannot be written or read as JSON; the message says what is wrong with it. */
public class EventFormatException extends RuntimeException {

    public EventFormatException(String message) {
        super(message);
    }

    public EventFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
