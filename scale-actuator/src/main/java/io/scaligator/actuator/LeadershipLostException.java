package io.scaligator.actuator;

/** Leadership ended while a command was in hand: nothing more may be patched or committed by this instance. */
final class LeadershipLostException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    LeadershipLostException(String message) {
        super(message);
    }
}
