package io.scaligator.common.schedule;

/** Schedule text that cannot be parsed; the message says which part is wrong and what is allowed. */
public class ScheduleException extends IllegalArgumentException {

    public ScheduleException(String message) {
        super(message);
    }
}
