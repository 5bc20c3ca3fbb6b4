package io.scaligator.common.config;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/** A credential from the config: never printed, compared in constant time. */
public final class Secret {

    private final String value;

    public Secret(String value) {
        if (value == null || value.isEmpty()) {
            throw new IllegalArgumentException("a secret must not be empty");
        }
        this.value = value;
    }

    /** The clear value, for the one place that needs it (e.g. building a client). */
    public String reveal() {
        return value;
    }

    /** Constant-time comparison with a presented credential. */
    public boolean matches(String presented) {
        if (presented == null) {
            return false;
        }
        return MessageDigest.isEqual(
                value.getBytes(StandardCharsets.UTF_8), presented.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public String toString() {
        return "******";
    }
}
