package io.scaligator.receiver.payload;

/** A request that can never succeed as sent: the message says what is wrong, {@code field} where (may be null). */
public final class BadRequestException extends RuntimeException {

    private final String field;

    public BadRequestException(String field, String message) {
        super(message, null, false, false);
        this.field = field;
    }

    /** The JSON path of the offending field, e.g. {@code alerts[0].startsAt}; null when it is the whole body. */
    public String field() {
        return field;
    }
}
