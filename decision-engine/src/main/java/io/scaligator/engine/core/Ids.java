package io.scaligator.engine.core;

import io.scaligator.common.event.InputRef;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Decision and command ids derived from the input record's coordinates, so a replay of the same records yields
 * the same ids and the actuator can apply each command at most once.
 */
public final class Ids {

    private Ids() {
    }

    public static String decisionId(InputRef input) {
        return "dec-" + digest(input.coordinates());
    }

    public static String commandId(InputRef input) {
        return "cmd-" + digest(input.coordinates());
    }

    private static String digest(String text) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash, 0, 10);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }
}
