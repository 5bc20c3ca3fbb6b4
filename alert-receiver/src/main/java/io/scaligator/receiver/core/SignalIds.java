package io.scaligator.receiver.core;

import io.scaligator.common.event.AlertDetails;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Deterministic record ids. An alert's id hashes fingerprint, status and startsAt, so the copies Alertmanager
 * sends on retries, on every group_interval and from both members of an HA pair all carry the same id.
 */
public final class SignalIds {

    private SignalIds() {
    }

    /** {@code al-} + sha256 hex of fingerprint, status and startsAt (normalised to UTC). */
    public static String alertId(AlertDetails alert) {
        return "al-" + sha256(alert.fingerprint() + "\n" + alert.status().name() + "\n" + alert.startsAt());
    }

    /** {@code tr-} + sha256 hex of the trigger's source and the id its caller chose for idempotent retries. */
    public static String callerTriggerId(String source, String callerId) {
        return "tr-" + sha256("caller\n" + source + "\n" + callerId);
    }

    /** {@code tr-} + sha256 hex of the normalised trigger and the time it was received: unique per request. */
    public static String receivedTriggerId(String normalisedTrigger, String receivedAt) {
        return "tr-" + sha256("received\n" + normalisedTrigger + "\n" + receivedAt);
    }

    // getInstance looks the algorithm up among the security providers on every call; a digest per thread does not.
    private static final ThreadLocal<MessageDigest> SHA_256 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    });

    static String sha256(String text) {
        return HexFormat.of().formatHex(SHA_256.get().digest(text.getBytes(StandardCharsets.UTF_8)));
    }
}
