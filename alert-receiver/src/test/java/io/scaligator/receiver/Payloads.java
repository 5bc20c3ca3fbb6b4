package io.scaligator.receiver;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** The Alertmanager 0.25 webhook bodies captured for the tests (see src/test/resources/alertmanager-0.25). */
public final class Payloads {

    public static final String FIRING = "firing.json";
    public static final String RESOLVED = "resolved.json";
    public static final String GROUP_OF_FOUR = "group-of-four.json";

    private Payloads() {}

    public static byte[] captured(String name) {
        try (InputStream in = Payloads.class.getResourceAsStream("/alertmanager-0.25/" + name)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource alertmanager-0.25/" + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
