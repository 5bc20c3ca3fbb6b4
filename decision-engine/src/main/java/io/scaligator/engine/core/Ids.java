package io.scaligator.engine.core;

import io.scaligator.common.event.InputRef;
import io.scaligator.common.util.Sha256;

/**
 * Decision and command ids derived from the input record's coordinates, so a replay of the same records yields
 * the same ids and the actuator can apply each command at most once.
 */
public final class Ids {

    private Ids() {}

    public static String decisionId(InputRef input) {
        return "dec-" + digest(input.coordinates());
    }

    public static String commandId(InputRef input) {
        return "cmd-" + digest(input.coordinates());
    }

    private static String digest(String text) {
        return Sha256.hex(text, 10);
    }
}
